package org.plantwire.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.deploy.ConnectorDeployer;
import org.plantwire.deploy.HistoryEntry;

@Command(scope = "plant", name = "history",
        description = "Lists deployments, upgrades, rollbacks and removals, refused ones too, oldest first.")
@Service
public class HistoryCommand implements Action {

    @Argument(index = 0, name = "connector", description = "Only what concerned this connector")
    @Completion(ConnectorNameCompleter.class)
    String connector;

    @Option(name = "--max", aliases = "-n", description = "How many of the latest to show (default 20)")
    int max = 20;

    @Reference
    ConnectorDeployer deployer;

    @Override
    public Object execute() {
        List<HistoryEntry> all = deployer.history(connector);
        List<HistoryEntry> shown = all.subList(Math.max(0, all.size() - max), all.size());
        ShellTable table = new ShellTable().emptyTableText("No deployments" + (connector == null ? "" : " of " + connector));
        table.column("Time");
        table.column("Action");
        table.column("Connectors").maxSize(30).wrap();
        table.column("Bundle").maxSize(40);
        table.column("From");
        table.column("To");
        table.column("Outcome");
        table.column("Switch").alignRight();
        table.column("Message").maxSize(70).wrap();
        for (HistoryEntry e : shown) {
            table.addRow().addContent(Format.time(e.time()), e.action(), String.join(", ", e.connectors()),
                    e.symbolicName() == null ? "-" : e.symbolicName(), e.fromVersion() == null ? "-" : e.fromVersion(),
                    e.toVersion() == null ? "-" : e.toVersion(), e.outcome(),
                    e.switchMillis() > 0 ? e.switchMillis() + " ms" : "-", e.message());
        }
        table.print(System.out);
        if (all.size() > shown.size()) {
            System.out.println(shown.size() + " of " + all.size() + " shown; use -n to see more");
        }
        return null;
    }
}
