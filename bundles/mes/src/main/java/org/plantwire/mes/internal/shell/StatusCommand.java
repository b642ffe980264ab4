package org.plantwire.mes.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.mes.MesStatus;

@Command(scope = "mes", name = "status", description = "Says whether the MES serves requests and reaches its database, and how many changes wait for it.")
@Service
public class StatusCommand extends MesCommand {

    @Override
    void run() {
        MesStatus s = mes.status();
        if (!s.ready()) {
            System.out.println("MES: waiting for its database since " + time(s.databaseDownSince())
                    + "; requests are refused until it answers");
        } else if (s.databaseDownSince() != null) {
            System.out.println("MES: serving; its database has refused changes since " + time(s.databaseDownSince())
                    + " (they wait in the outbox and are applied in order when it returns)");
        } else {
            System.out.println("MES: serving; database reachable");
        }
        if (!s.problem().isEmpty()) {
            System.out.println("  Why: " + s.problem());
        }
        System.out.println("  Changes waiting for the database: " + s.changesWaiting());
    }
}
