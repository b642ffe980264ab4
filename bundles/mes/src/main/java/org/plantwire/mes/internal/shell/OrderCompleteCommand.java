package org.plantwire.mes.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.mes.WorkOrder;

@Command(scope = "mes", name = "order-complete", description = "Completes a RUNNING or HELD order (when the line completes orders on confirmation, or to close one short).")
@Service
public class OrderCompleteCommand extends OrderActionCommand {

    @Override
    WorkOrder act() {
        return mes.complete(id, by());
    }
}
