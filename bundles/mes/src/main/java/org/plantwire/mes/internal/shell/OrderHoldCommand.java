package org.plantwire.mes.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.mes.WorkOrder;

@Command(scope = "mes", name = "order-hold", description = "Holds a RUNNING order (state HELD); counts still go to it.")
@Service
public class OrderHoldCommand extends OrderActionCommand {

    @Argument(index = 1, name = "reason", description = "Why, recorded with the transition")
    String reason = "";

    @Override
    WorkOrder act() {
        return mes.hold(id, reason, by());
    }
}
