package org.plantwire.alarms.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.access.Actors;
import org.plantwire.alarms.Alarm;
import org.plantwire.alarms.AlarmService;

@Command(scope = "scada", name = "ack", description = "Acknowledges an alarm as the shell's user (operator role). Audited.")
@Service
public class AckCommand implements Action {

    @Argument(index = 0, name = "alarm", required = true, description = "The alarm's id, as scada:alarms lists it")
    String id;

    @Argument(index = 1, name = "comment", multiValued = true, description = "A comment")
    java.util.List<String> comment;

    @Reference
    AlarmService alarms;

    @Override
    public Object execute() {
        Alarm a = alarms.acknowledge(id, Actors.current("shell"), comment == null ? null : String.join(" ", comment));
        System.out.println("Acknowledged " + id + ": now " + a.state().label());
        return null;
    }
}
