package org.plantwire.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.deploy.ConnectorDeployer;

@Command(scope = "plant", name = "undeploy",
        description = "Stops and removes the bundle running a connector; its tags turn bad(not-connected), nothing else changes.")
@Service
public class UndeployCommand implements Action {

    @Argument(index = 0, name = "connector", required = true, description = "The connector (see plant:connectors)")
    @Completion(ConnectorNameCompleter.class)
    String connector;

    @Option(name = "--force", description = "Also when the bundle runs other connectors, or other bundles would be refreshed")
    boolean force;

    @Reference
    ConnectorDeployer deployer;

    @Override
    public Object execute() {
        return Reports.print(deployer.undeploy(connector, force));
    }
}
