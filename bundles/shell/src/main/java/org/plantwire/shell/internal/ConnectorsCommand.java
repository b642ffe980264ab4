package org.plantwire.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.api.ConnectorSummary;
import org.plantwire.api.TagBus;
import org.plantwire.api.spi.ConnectorStatus;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.api.spi.SwitchBoard.SeatInfo;
import org.plantwire.plant.PlantRegistry;

@Command(scope = "plant", name = "connectors", description = "Lists connectors: protocol, endpoint, state, tags, messages, errors,"
        + " last error; and the versions standing by beside them, ready to take over or why not.")
@Service
public class ConnectorsCommand implements Action {

    @Reference
    TagBus bus;

    @Reference(optional = true)
    SwitchBoard board;

    @Reference
    PlantRegistry plants;

    @Override
    public Object execute() {
        table(bus.connectors(), board == null ? List.of() : board.seats(), System.currentTimeMillis()).print(System.out);
        RejectionReport.print(plants, System.out);
        return null;
    }

    /**
     * One row per connector, and under it one per version of it standing by (state {@code standby (bundle 123)},
     * ready or not, and why not in the last column). With versions side by side, the active row names its bundle too.
     */
    static ShellTable table(List<ConnectorSummary> connectors, List<SeatInfo> seats, long now) {
        ShellTable table = new ShellTable().emptyTableText("No connector is registered");
        table.column("Name");
        table.column("Protocol");
        table.column("Endpoint").maxSize(40);
        table.column("State");
        table.column("Tags").alignRight();
        table.column("Messages").alignRight();
        table.column("Errors").alignRight();
        table.column("Last error").maxSize(60).wrap();
        Map<String, List<SeatInfo>> byName = new LinkedHashMap<>();
        for (SeatInfo s : seats) {
            byName.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
        }
        for (ConnectorSummary c : connectors) {
            ConnectorStatus s = c.status();
            String lastError = s.lastError() == null ? "-"
                    : s.lastError() + " (" + Format.age(s.lastErrorTime(), now) + " ago)";
            List<SeatInfo> versions = byName.remove(c.name());
            String state = s.state().toString();
            if (versions != null && versions.size() > 1) {
                state += versions.stream().filter(SeatInfo::active).map(v -> " (bundle " + v.bundleId() + ")").findFirst().orElse("");
            }
            table.addRow().addContent(c.name(), c.protocol(), Format.orDash(c.endpoint()), state, c.tags(),
                    s.messages(), s.errors(), lastError);
            if (versions != null) {
                for (SeatInfo v : versions) {
                    if (!v.active()) {
                        standbyRow(table, v, c.protocol(), Format.orDash(c.endpoint()));
                    }
                }
            }
        }
        // instances whose active one is not on the bus (yet)
        byName.values().forEach(versions -> versions.forEach(v -> standbyRow(table, v, v.kind(), "-")));
        return table;
    }

    private static void standbyRow(ShellTable table, SeatInfo v, String protocol, String endpoint) {
        String role = v.active() ? "active" : "standby";
        table.addRow().addContent(v.name(), protocol, endpoint,
                role + " (bundle " + v.bundleId() + "), " + (v.ready() ? "ready" : "not ready"), "-", "-", "-",
                v.ready() ? "-" : Format.orDash(v.notReadyReason()));
    }
}
