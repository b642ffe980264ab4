package org.plantwire.routes.modbus;

import static org.assertj.core.api.Assertions.assertThat;


import java.io.StringReader;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.connector.TagMapper;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.simulator.modbus.CapperLabeller;
import org.plantwire.simulator.modbus.ModbusSimulatorServer;
import org.plantwire.simulator.modbus.WordOrder;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Await;

/** The Modbus connector against the simulated capper/labeller PLC, a real Modbus TCP server on 127.0.0.1. */
class ModbusConnectorTest {

    private static final String P = "acme/site/line1/capper/";

    private ModbusSimulatorServer plc;
    private TagBusImpl bus;
    private CamelContext context;
    private ConnectorConfig config;
    private java.util.concurrent.ScheduledExecutorService ticker;

    @BeforeEach
    void start() throws Exception {
        int port = Await.freePort();
        plc = new ModbusSimulatorServer(new CapperLabeller(new Random(1)), "127.0.0.1", port, 1, WordOrder.ABCD);
        plc.start();
        // the machine runs: the DS component ticks it in Karaf, the test does here
        ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> plc.machine().tick(100), 100, 100, TimeUnit.MILLISECONDS);
        bus = new TagBusImpl();
        config = PlantFileParser.parse("site", "site.yaml", new StringReader(
                "plant: {enterprise: acme, site: site}\n"
                + "connectors:\n"
                + "  - name: capper\n"
                + "    protocol: modbus-tcp\n"
                + "    endpoint: modbus-tcp://127.0.0.1:" + port + "\n"
                + "    timing: {pollMillis: 100, requestTimeoutMillis: 1000, reconnectMinMillis: 100, reconnectMaxMillis: 1000}\n"
                + "    tags:\n"
                + "      - {path: line1/capper/speed-setpoint, address: 'holding:0', encoding: uint16, type: integer, writable: true, min: 0, max: 600}\n"
                + "      - {path: line1/capper/torque-setpoint, address: 'holding:1', encoding: uint16, type: integer, writable: true}\n"
                + "      - {path: line1/capper/caps-applied, address: 'holding:10', encoding: uint32, type: integer}\n"
                + "      - {path: line1/capper/labels-applied, address: 'holding:12', encoding: uint32, type: integer}\n"
                + "      - {path: line1/capper/torque, address: 'holding:14', encoding: float32, type: float}\n"
                + "      - {path: line1/capper/energy, address: 'holding:16', encoding: float64, type: float}\n"
                + "      - {path: line1/capper/motor-temperature, address: 'input:0', encoding: int16, type: float, scale: {factor: 0.1}}\n"
                + "      - {path: line1/capper/state, address: 'input:1', encoding: uint16, type: integer}\n"
                + "      - {path: line1/capper/run, address: 'coil:0', type: boolean, writable: true}\n"
                + "      - {path: line1/capper/running, address: 'discrete:0', type: boolean}\n"
                + "      - {path: line1/capper/fault, address: 'discrete:1', type: boolean}\n"
                + "      - {path: line1/capper/stock-low, address: 'discrete:2', type: boolean}\n"
                + "      - {path: line1/capper/missing, address: 'holding:5', encoding: uint16, type: integer}\n"))
                .plant().connectors().get(0);
        context = new DefaultCamelContext();
        context.start();
        context.addRoutes(new ModbusConnectorRoutes(config, bus));
    }

    @AfterEach
    void stop() throws Exception {
        context.stop();
        bus.close();
        ticker.shutdownNow();
        plc.close();
    }

    @Test
    void everyTagIsReadInFewRequestsAndDecoded() throws Exception {
        Await.until("values", () -> good(P + "motor-temperature") && good(P + "stock-low") && good(P + "energy"));
        assertThat(value(P + "speed-setpoint")).isEqualTo(300L);
        assertThat(value(P + "torque-setpoint")).isEqualTo(180L);
        assertThat((Double) value(P + "motor-temperature")).isBetween(15.0, 70.0);
        assertThat(value(P + "run")).isEqualTo(true);
        assertThat(value(P + "state")).isInstanceOf(Long.class);
        // the register the PLC does not have is bad, with the device's words; the others flow
        Await.until("missing tag bad", () -> bus.read(TagPath.of(P + "missing")).map(v -> v.quality() == Quality.BAD_NOT_FOUND).orElse(false));
        assertThat(bus.connectors().get(0).status().lastError())
                .isEqualTo(P + "missing (holding:5): device answered exception 2 (illegal data address)");
        long capsBefore = (Long) value(P + "caps-applied") + (Long) value(P + "labels-applied");
        Await.until("counters count", () -> (Long) value(P + "caps-applied") + (Long) value(P + "labels-applied") > capsBefore);

        // 5 batches per poll: holding 0-1, holding 10-19, input 0-1, coil 0, discrete 0-2
        List<TagMapper> readable = new org.plantwire.connector.ConnectorRuntime(config, bus, null).mappers()
                .stream().filter(m -> !m.mapping().address().equals("holding:5")).toList();
        assertThat(ReadPlan.plan(readable, 125, 0)).hasSize(5);
        long before = plc.requestCount(3) + plc.requestCount(4) + plc.requestCount(1) + plc.requestCount(2);
        Thread.sleep(1_000);
        long perSecond = plc.requestCount(3) + plc.requestCount(4) + plc.requestCount(1) + plc.requestCount(2) - before;
        assertThat(perSecond).as("requests in 1 s at 10 polls/s").isBetween(30L, 60L);
    }

    @Test
    void writesReachThePlcAndReadBack() throws Exception {
        Await.until("connected", () -> good(P + "speed-setpoint"));
        WriteResult r = bus.write(TagPath.of(P + "speed-setpoint"), "450", "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(r.success()).as(r.message()).isTrue();
        assertThat(r.message()).isEqualTo("written to holding:0");
        assertThat(plc.machine().snapshot().speedSetpoint()).isEqualTo(450);
        Await.until("read back", () -> Long.valueOf(450).equals(value(P + "speed-setpoint")));

        WriteResult coil = bus.write(TagPath.of(P + "run"), "off", "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(coil.success()).isTrue();
        Await.until("run off", () -> Boolean.FALSE.equals(value(P + "run")));

        // the PLC refuses a torque it cannot do: exception 3, reported to the caller, nothing else breaks
        WriteResult refused = bus.write(TagPath.of(P + "torque-setpoint"), 900, "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(refused.success()).isFalse();
        assertThat(refused.message()).isEqualTo("device answered exception 3 (illegal data value)");
        WriteResult tooBig = bus.write(TagPath.of(P + "torque-setpoint"), 70000, "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(tooBig.message()).isEqualTo("70000 does not fit a uint16 register (0..65535)");
    }

    @Test
    void aPlcThatGoesAwayTurnsTagsBadAndComesBack() throws Exception {
        Await.until("connected", () -> good(P + "state"));
        plc.stop();
        Await.until("not connected", () -> bus.read(TagPath.of(P + "state")).get().quality() == Quality.BAD_NOT_CONNECTED);
        assertThat(bus.connectors().get(0).status().state()).isEqualTo(ConnectorState.DISCONNECTED);
        WriteResult whileAway = bus.write(TagPath.of(P + "run"), true, "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(whileAway.success()).isFalse();
        assertThat(whileAway.message()).startsWith("connector capper is DISCONNECTED");
        plc.start();
        Await.until("good again", () -> good(P + "state") && good(P + "energy"));
        assertThat(bus.connectors().get(0).status().state()).isEqualTo(ConnectorState.CONNECTED);
    }

    private boolean good(String path) {
        TagValue v = bus.read(TagPath.of(path)).orElse(null);
        return v != null && v.quality() == Quality.GOOD;
    }

    private Object value(String path) {
        return bus.read(TagPath.of(path)).map(TagValue::value).orElse(null);
    }


}
