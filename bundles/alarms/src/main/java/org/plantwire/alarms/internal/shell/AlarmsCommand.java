package org.plantwire.alarms.internal.shell;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.alarms.Alarm;
import org.plantwire.alarms.AlarmService;

@Command(scope = "scada", name = "alarms",
        description = "Lists the alarms: priority, state, since when, the alarm's message, who acknowledged it, shelving.")
@Service
public class AlarmsCommand implements Action {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(name = "--active", aliases = "-a", description = "Only alarms not normal (active or waiting for acknowledgement)")
    boolean active;

    @Reference
    AlarmService alarms;

    @Override
    public Object execute() {
        long now = System.currentTimeMillis();
        ShellTable table = new ShellTable().emptyTableText(active ? "No alarms active" : "No alarms defined");
        table.column("Prio").alignRight();
        table.column("State");
        table.column("Since");
        table.column("Alarm").maxSize(80);
        table.column("Message").maxSize(50);
        table.column("Value");
        table.column("Acknowledged").maxSize(40);
        table.column("Shelved / suppressed").maxSize(50);
        for (Alarm a : alarms.alarms()) {
            if (active && a.state() == org.plantwire.alarms.AlarmState.NORMAL) {
                continue;
            }
            table.addRow().addContent(a.definition().priority(), a.state().label(),
                    a.activeSince() == 0 ? "-" : TIME.format(Instant.ofEpochMilli(a.activeSince())), a.definition().id(),
                    a.definition().message(), a.value() == null ? "-" : a.value(),
                    a.ackedBy() == null ? "-" : a.ackedBy() + (a.ackComment() == null ? "" : ": " + a.ackComment()),
                    a.shelved(now) ? "shelved until " + TIME.format(Instant.ofEpochMilli(a.shelvedUntil())) + " by "
                            + a.shelvedBy() + ": " + a.shelveReason() : a.suppressed() ? "suppressed" : "-");
        }
        table.print(System.out);
        alarms.journalProblem().ifPresent(p -> System.out.println("Alarm journal: " + p));
        return null;
    }
}
