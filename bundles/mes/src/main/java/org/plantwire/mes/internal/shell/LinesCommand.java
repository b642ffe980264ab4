package org.plantwire.mes.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.mes.LineStatus;

@Command(scope = "mes", name = "lines", description = "Lists the production lines the MES follows (from the plant files' mes: sections).")
@Service
public class LinesCommand extends MesCommand {

    @Override
    void run() {
        ShellTable table = new ShellTable().emptyTableText("No lines: no plant file has a mes: section with lines");
        table.column("Line");
        table.column("Plant");
        table.column("Path");
        table.column("Cells");
        table.column("Running");
        table.column("Order");
        table.column("Micro-stops").alignRight();
        for (LineStatus l : mes.lines()) {
            table.addRow().addContent(l.name(), l.plant(), l.path(), String.join(", ", l.cells()),
                    l.running() ? "yes" : "no", l.order() == null ? "-" : l.order(), l.microStops());
        }
        table.print(System.out);
    }
}
