package org.plantwire.alarms.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.access.Actors;
import org.plantwire.alarms.AlarmService;

@Command(scope = "scada", name = "unshelve", description = "Ends an alarm's shelving early (operator role). Audited.")
@Service
public class UnshelveCommand implements Action {

    @Argument(index = 0, name = "alarm", required = true, description = "The alarm's id")
    String id;

    @Reference
    AlarmService alarms;

    @Override
    public Object execute() {
        alarms.unshelve(id, Actors.current("shell"));
        System.out.println("Unshelved " + id);
        return null;
    }
}
