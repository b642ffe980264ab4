package org.plantwire.mes.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.mes.WorkOrder;

@Command(scope = "mes", name = "order-release", description = "Releases a CREATED order to the shop floor (state RELEASED).")
@Service
public class OrderReleaseCommand extends OrderActionCommand {

    @Override
    WorkOrder act() {
        return mes.release(id, by());
    }
}
