package org.plantwire.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.plantwire.api.ConnectorSummary;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.ConnectorStatus;
import org.plantwire.api.spi.SwitchBoard.SeatInfo;

class ConnectorsCommandTest {

    private static final ConnectorSummary FILLER = new ConnectorSummary("line1-filler", "opcua", "opc.tcp://127.0.0.1:4840",
            new ConnectorStatus(ConnectorState.CONNECTED, 898, 0, null, 0), 10);
    private static final ConnectorSummary CAPPER = new ConnectorSummary("line1-capper", "modbus-tcp", "modbus-tcp://127.0.0.1:5020",
            new ConnectorStatus(ConnectorState.CONNECTED, 1692, 0, null, 0), 13);

    private static String print(List<ConnectorSummary> connectors, List<SeatInfo> seats) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConnectorsCommand.table(connectors, seats, 0).print(new PrintStream(out, true, StandardCharsets.UTF_8), true);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionsStandingByAreListedUnderTheActiveOne() {
        String table = print(List.of(CAPPER, FILLER), List.of(
                new SeatInfo("line1-filler", "connector", 120, true, true, null),
                new SeatInfo("line1-filler", "connector", 123, false, true, null),
                new SeatInfo("line1-filler", "connector", 124, false, false, "DISCONNECTED: Connection refused"),
                new SeatInfo("line1-capper", "connector", 121, true, true, null)));
        List<String> rows = table.lines().skip(2).toList();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).startsWith("line1-capper").contains("| CONNECTED ").doesNotContain("bundle");
        assertThat(rows.get(1)).startsWith("line1-filler").contains("| CONNECTED (bundle 120)").contains("898");
        assertThat(rows.get(2)).startsWith("line1-filler").contains("opc.tcp://127.0.0.1:4840")
                .contains("| standby (bundle 123), ready ").endsWith("| -");
        assertThat(rows.get(3)).contains("| standby (bundle 124), not ready ").endsWith("| DISCONNECTED: Connection refused");
    }

    @Test
    void aVersionWhoseActiveOneIsNotOnTheBusIsListedToo() {
        String table = print(List.of(), List.of(new SeatInfo("line1-sensors", "connector", 130, false, false, "STARTING")));
        assertThat(table).contains("line1-sensors").contains("standby (bundle 130), not ready").contains("STARTING");
        assertThat(print(List.of(), List.of())).contains("No connector is registered");
    }
}
