package org.plantwire.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.api.ConnectorSummary;
import org.plantwire.api.TagBus;
import org.plantwire.api.spi.ConnectorStatus;
import org.plantwire.plant.PlantRegistry;

@Command(scope = "plant", name = "connectors", description = "Lists connectors: protocol, endpoint, state, tags, messages, errors, last error.")
@Service
public class ConnectorsCommand implements Action {

    @Reference
    TagBus bus;

    @Reference
    PlantRegistry plants;

    @Override
    public Object execute() {
        long now = System.currentTimeMillis();
        ShellTable table = new ShellTable().emptyTableText("No connector is registered");
        table.column("Name");
        table.column("Protocol");
        table.column("Endpoint").maxSize(40);
        table.column("State");
        table.column("Tags").alignRight();
        table.column("Messages").alignRight();
        table.column("Errors").alignRight();
        table.column("Last error").maxSize(60).wrap();
        for (ConnectorSummary c : bus.connectors()) {
            ConnectorStatus s = c.status();
            String lastError = s.lastError() == null ? "-"
                    : s.lastError() + " (" + Format.age(s.lastErrorTime(), now) + " ago)";
            table.addRow().addContent(c.name(), c.protocol(), Format.orDash(c.endpoint()), s.state(), c.tags(),
                    s.messages(), s.errors(), lastError);
        }
        table.print(System.out);
        RejectionReport.print(plants, System.out);
        return null;
    }
}
