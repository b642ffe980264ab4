package org.plantwire.mes.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.mes.DowntimeEvent;

@Command(scope = "mes", name = "downtime-reason", description = "Assigns or changes the reason code of a downtime event (see mes:downtime for ids).")
@Service
public class DowntimeReasonCommand extends MesCommand {

    @Argument(index = 0, name = "id", required = true, description = "Downtime event id")
    long id;

    @Argument(index = 1, name = "reason", required = true, description = "Reason code, e.g. changeover, material-shortage")
    String reason;

    @Override
    void run() {
        DowntimeEvent e = mes.assignReason(id, reason, by());
        System.out.println("Downtime " + e.id() + " on " + e.line() + " (" + time(e.start()) + "): reason " + e.reason()
                + " set by " + e.reasonBy());
    }
}
