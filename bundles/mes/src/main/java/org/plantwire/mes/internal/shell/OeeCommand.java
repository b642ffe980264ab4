package org.plantwire.mes.internal.shell;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.mes.Oee;
import org.plantwire.mes.WorkOrder;

@Command(scope = "mes", name = "oee", description = "Shows a line's OEE with its components: the current shift, its running order, and with --shifts the earlier shifts.")
@Service
public class OeeCommand extends MesCommand {

    @Argument(index = 0, name = "line", required = true, description = "Line name, e.g. line1")
    String line;

    @Option(name = "--shifts", aliases = "-s", description = "Also the shifts before the current one")
    boolean shifts;

    @Override
    void run() {
        List<Oee> rows = new ArrayList<>();
        rows.add(mes.lineOee(line));
        for (WorkOrder o : mes.orders(line)) {
            if (o.state().active()) {
                rows.add(mes.orderOee(o.id()));
            }
        }
        if (shifts) {
            rows.addAll(mes.shiftOee(line));
        }
        ShellTable table = new ShellTable();
        table.column("Scope");
        table.column("Of");
        table.column("OEE").alignRight();
        table.column("Availability").alignRight();
        table.column("Performance").alignRight();
        table.column("Quality").alignRight();
        table.column("Planned").alignRight();
        table.column("Run").alignRight();
        table.column("Good").alignRight();
        table.column("Reject").alignRight();
        table.column("Micro-stops").alignRight();
        for (Oee o : rows) {
            table.addRow().addContent(o.scope(), o.scope().equals("line") ? "current shift" : o.id(), percent(o.oee()),
                    percent(o.availability()), percent(o.performance()), percent(o.quality()),
                    duration(o.plannedMillis()), duration(o.runMillis()), o.good(), o.reject(), o.microStops());
        }
        table.print(System.out);
    }
}
