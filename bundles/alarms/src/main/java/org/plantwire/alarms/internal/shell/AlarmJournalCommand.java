package org.plantwire.alarms.internal.shell;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.alarms.AlarmEvent;
import org.plantwire.alarms.AlarmService;

@Command(scope = "scada", name = "alarm-journal", description = "The alarm journal, newest first.")
@Service
public class AlarmJournalCommand implements Action {

    @Argument(index = 0, name = "alarm", description = "Only this alarm's events")
    String id;

    @Option(name = "--max", aliases = "-n", description = "How many (default 20)")
    int max = 20;

    @Reference
    AlarmService alarms;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable().emptyTableText("No alarm events");
        table.column("Time");
        table.column("Alarm").maxSize(80);
        table.column("Event");
        table.column("State");
        table.column("Value");
        table.column("User");
        table.column("Comment").maxSize(60);
        for (AlarmEvent e : alarms.journal(Math.max(1, max), id)) {
            table.addRow().addContent(AlarmsCommand.TIME.format(Instant.ofEpochMilli(e.time())), e.alarmId(), e.type().label(),
                    e.state().label(), e.value() == null ? "-" : e.value(), e.user() == null ? "-" : e.user(),
                    e.comment() == null ? "-" : e.comment());
        }
        table.print(System.out);
        return null;
    }
}
