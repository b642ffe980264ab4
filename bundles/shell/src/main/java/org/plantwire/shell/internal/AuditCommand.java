package org.plantwire.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.access.AuditEntry;
import org.plantwire.access.AuditTrail;

@Command(scope = "scada", name = "audit",
        description = "Lists the audit trail, newest first: every write and operator action, refused ones too, with"
                + " who, from where, old and new value and the outcome.")
@Service
public class AuditCommand implements Action {

    @Argument(index = 0, name = "filter", description = "Only entries whose user, source, action, target or result contains this text")
    String filter;

    @Option(name = "--max", aliases = "-n", description = "How many to show (default 20)")
    int max = 20;

    @Reference
    AuditTrail audit;

    @Override
    public Object execute() {
        List<AuditEntry> entries = audit.recent(Math.max(1, max), filter);
        ShellTable table = new ShellTable().emptyTableText("No audit entries" + (filter == null ? "" : " matching " + filter));
        table.column("Time");
        table.column("User");
        table.column("Role");
        table.column("Source");
        table.column("Action");
        table.column("Target").maxSize(60);
        table.column("Old").maxSize(20);
        table.column("New").maxSize(20);
        table.column("Result");
        table.column("Message").maxSize(70).wrap();
        for (AuditEntry e : entries) {
            table.addRow().addContent(Format.time(e.time()), e.user(), e.role(), e.source(), e.action(), e.target(),
                    e.oldValue() == null ? "-" : e.oldValue(), e.newValue() == null ? "-" : e.newValue(), e.result(),
                    e.message());
        }
        table.print(System.out);
        return null;
    }
}
