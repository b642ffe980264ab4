package org.plantwire.mes.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.mes.WorkOrder;

@Command(scope = "mes", name = "order-resume", description = "Resumes a HELD order (state RUNNING).")
@Service
public class OrderResumeCommand extends OrderActionCommand {

    @Override
    WorkOrder act() {
        return mes.resume(id, by());
    }
}
