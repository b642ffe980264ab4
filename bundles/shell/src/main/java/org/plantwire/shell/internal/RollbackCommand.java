package org.plantwire.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.deploy.ConnectorDeployer;

@Command(scope = "plant", name = "rollback",
        description = "Goes back to the version a connector ran before its last upgrade, make-before-break like plant:upgrade.")
@Service
public class RollbackCommand implements Action {

    @Argument(index = 0, name = "connector", required = true, description = "The connector (see plant:history)")
    @Completion(ConnectorNameCompleter.class)
    String connector;

    @Option(name = "--force", description = "Go on although other bundles would be refreshed")
    boolean force;

    @Option(name = "--while-away", description = "The device is away: if the running version is not connected either,"
            + " the earlier version takes over without being ready")
    boolean whileAway;

    @Option(name = "--timeout", description = "Seconds the earlier version may take to be ready (default: configured, 30)")
    long timeoutSeconds;

    @Option(name = "--probation", description = "Seconds it is watched after the switch-over (default: configured, 10)")
    long probationSeconds = -1;

    @Reference
    ConnectorDeployer deployer;

    @Override
    public Object execute() {
        return Reports.print(deployer.rollback(connector, UpgradeCommand.options(false, force, timeoutSeconds, probationSeconds, whileAway)));
    }
}
