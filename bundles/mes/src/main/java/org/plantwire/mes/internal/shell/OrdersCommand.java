package org.plantwire.mes.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.mes.Material;
import org.plantwire.mes.Oee;
import org.plantwire.mes.Transition;
import org.plantwire.mes.WorkOrder;

@Command(scope = "mes", name = "orders", description = "Lists work orders, newest first; with an order id, shows its history, consumption and OEE.")
@Service
public class OrdersCommand extends MesCommand {

    @Argument(index = 0, name = "order", description = "An order id: show this order in detail")
    String id;

    @Option(name = "--line", aliases = "-l", description = "Only orders of this line")
    String line;

    @Override
    void run() {
        if (id != null) {
            detail(mes.order(id).orElseThrow(() -> new IllegalArgumentException("unknown order " + id)));
            return;
        }
        ShellTable table = new ShellTable().emptyTableText("No work orders");
        table.column("Order");
        table.column("Product");
        table.column("Line");
        table.column("State");
        table.column("Quantity").alignRight();
        table.column("Good").alignRight();
        table.column("Reject").alignRight();
        table.column("Prio").alignRight();
        table.column("Due");
        table.column("Reason").maxSize(60);
        for (WorkOrder o : mes.orders(line)) {
            table.addRow().addContent(o.id(), o.product(), o.line(), o.state(), o.quantity(), o.good(), o.reject(),
                    o.priority(), time(o.due()), o.reason().isEmpty() ? "-" : o.reason());
        }
        table.print(System.out);
    }

    private void detail(WorkOrder o) {
        printOrder("Order", o);
        System.out.println("Created " + time(o.createdAt()) + ", started " + time(o.startedAt()) + ", ended "
                + time(o.endedAt()) + ", due " + time(o.due()) + ", priority " + o.priority());
        ShellTable history = new ShellTable();
        history.column("When");
        history.column("From");
        history.column("To");
        history.column("By");
        history.column("Note").maxSize(70);
        for (Transition t : o.transitions()) {
            history.addRow().addContent(time(t.at()), t.from() == null ? "-" : t.from(), t.to(), t.by(),
                    t.note().isEmpty() ? "-" : t.note());
        }
        history.print(System.out);
        ShellTable materials = new ShellTable().emptyTableText("No bill of materials");
        materials.column("Material");
        materials.column("Consumed").alignRight();
        materials.column("Unit");
        for (Material m : mes.consumption(o.id())) {
            materials.addRow().addContent(m.material(), number(m.quantity()), m.unit());
        }
        materials.print(System.out);
        if (o.startedAt() != null) {
            Oee oee = mes.orderOee(o.id());
            System.out.println("OEE " + percent(oee.oee()) + " = availability " + percent(oee.availability())
                    + " x performance " + percent(oee.performance()) + " x quality " + percent(oee.quality()));
        }
    }
}
