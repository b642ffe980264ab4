package org.plantwire.mes.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.mes.WorkOrder;

@Command(scope = "mes", name = "order-start", description = "Dispatches a RELEASED order to its line: writes the recipe, "
        + "the target quantity and the order id to the PLC, checks each by read-back and waits for the PLC's "
        + "acknowledgement; on failure the order stays RELEASED with the reason.")
@Service
public class OrderStartCommand extends OrderActionCommand {

    @Override
    WorkOrder act() {
        return mes.start(id, by());
    }
}
