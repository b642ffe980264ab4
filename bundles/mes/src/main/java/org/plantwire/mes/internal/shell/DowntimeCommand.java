package org.plantwire.mes.internal.shell;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.mes.DowntimeEvent;

@Command(scope = "mes", name = "downtime", description = "Lists a line's downtime events, newest first (stops shorter than the micro-stop threshold are only counted, see mes:oee).")
@Service
public class DowntimeCommand extends MesCommand {

    @Argument(index = 0, name = "line", required = true, description = "Line name, e.g. line1")
    String line;

    @Option(name = "--limit", aliases = "-n", description = "At most this many events (default 20)")
    int limit = 20;

    @Override
    void run() {
        Instant now = Instant.now();
        ShellTable table = new ShellTable().emptyTableText("No downtime on " + line);
        table.column("Id").alignRight();
        table.column("Start");
        table.column("End");
        table.column("Duration").alignRight();
        table.column("Fault").alignRight();
        table.column("Reason");
        table.column("Reason by");
        table.column("Order");
        for (DowntimeEvent e : mes.downtime(line, limit)) {
            table.addRow().addContent(e.id(), time(e.start()), e.end() == null ? "(down)" : time(e.end()),
                    duration(e.durationMillis(now)), e.faultCode() == 0 ? "-" : e.faultCode(), e.reason(),
                    e.reasonBy().isEmpty() ? "-" : e.reasonBy(), e.orderId() == null ? "-" : e.orderId());
        }
        table.print(System.out);
    }
}
