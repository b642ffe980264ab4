package org.plantwire.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.deploy.ConnectorDeployer;
import org.plantwire.deploy.UpgradeOptions;

@Command(scope = "plant", name = "upgrade",
        description = "Replaces the bundle running a connector by a new version without stopping the line: the new version"
                + " stands by beside the old one, takes over when ready, and the old one is removed; on failure the old one"
                + " goes on.")
@Service
public class UpgradeCommand implements Action {

    @Argument(index = 0, name = "connector", required = true, description = "The connector (see plant:connectors)")
    @Completion(ConnectorNameCompleter.class)
    String connector;

    @Argument(index = 1, name = "url", required = true, description = "Where the new version is (mvn:, file: or http:)")
    String url;

    @Option(name = "--dry-run", description = "Only say what would be installed, wired, refreshed and handed over")
    boolean dryRun;

    @Option(name = "--force", description = "Go on although other bundles would be refreshed, or the bundle's name differs")
    boolean force;

    @Option(name = "--while-away", description = "The device is away: if the running version is not connected either,"
            + " the new version takes over without being ready and connects when the device returns")
    boolean whileAway;

    @Option(name = "--timeout", description = "Seconds the new version may take to be ready (default: configured, 30)")
    long timeoutSeconds;

    @Option(name = "--probation", description = "Seconds the new version is watched after the switch-over (default: configured, 10)")
    long probationSeconds = -1;

    @Reference
    ConnectorDeployer deployer;

    @Override
    public Object execute() {
        return Reports.print(deployer.upgrade(connector, url, options(dryRun, force, timeoutSeconds, probationSeconds, whileAway)));
    }

    static UpgradeOptions options(boolean dryRun, boolean force, long timeoutSeconds, long probationSeconds,
                                  boolean whileAway) {
        return new UpgradeOptions(dryRun, force, timeoutSeconds * 1000, probationSeconds < 0 ? -1 : probationSeconds * 1000,
                whileAway);
    }
}
