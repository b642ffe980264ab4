package org.plantwire.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagBus;

@Command(scope = "plant", name = "subscriptions",
        description = "Lists tag bus subscriptions: pattern, queue fill, delivered, dropped (subscriber too slow) and failed events.")
@Service
public class SubscriptionsCommand implements Action {

    @Reference
    TagBus bus;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable().emptyTableText("No subscription");
        table.column("Name");
        table.column("Pattern");
        table.column("Queued").alignRight();
        table.column("Capacity").alignRight();
        table.column("Delivered").alignRight();
        table.column("Dropped").alignRight();
        table.column("Failed").alignRight();
        for (Subscription s : bus.subscriptions()) {
            table.addRow().addContent(s.name(), s.pattern(), s.queued(), s.capacity(), s.delivered(), s.dropped(), s.failed());
        }
        table.print(System.out);
        return null;
    }
}
