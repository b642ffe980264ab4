package org.plantwire.mes.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.mes.WorkOrder;

@Command(scope = "mes", name = "order-abort", description = "Aborts an order that has not ended (state ABORTED).")
@Service
public class OrderAbortCommand extends OrderActionCommand {

    @Argument(index = 1, name = "reason", description = "Why, recorded with the transition")
    String reason = "";

    @Override
    WorkOrder act() {
        return mes.abort(id, reason, by());
    }
}
