package org.plantwire.mes.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.plantwire.mes.WorkOrder;

/** A command that moves one order on and prints where it stands. */
abstract class OrderActionCommand extends MesCommand {

    @Argument(index = 0, name = "order", required = true, description = "Order id")
    String id;

    @Override
    final void run() {
        printOrder("Order", act());
    }

    abstract WorkOrder act();
}
