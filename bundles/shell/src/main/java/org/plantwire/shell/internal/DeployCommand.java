package org.plantwire.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.deploy.ConnectorDeployer;

@Command(scope = "plant", name = "deploy",
        description = "Installs and starts a connector or route bundle (mvn:, file: or http: URL); refused with nothing left installed when it cannot run.")
@Service
public class DeployCommand implements Action {

    @Argument(index = 0, name = "url", required = true, description = "Where the bundle is, e.g. mvn:com.acme/line1-connector/1.0.0")
    String url;

    @Reference
    ConnectorDeployer deployer;

    @Override
    public Object execute() {
        return Reports.print(deployer.deploy(url));
    }
}
