package org.plantwire.routes.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.simulator.internal.line.FillerLine;
import org.plantwire.simulator.internal.line.LineBehaviour;
import org.plantwire.simulator.internal.opcua.ServerSettings;
import org.plantwire.simulator.internal.opcua.SimulatorServer;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Await;

/** The OPC UA connector against the simulated filler, a real Milo OPC UA server on 127.0.0.1. */
class OpcUaConnectorTest {

    private static final String P = "acme/site/line1/filler/";

    @TempDir
    Path dir;

    private int port;
    private FillerLine line;
    private SimulatorServer server;
    private ScheduledExecutorService ticker;
    private TagBusImpl bus;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        System.setProperty("karaf.data", dir.resolve("data").toString());
        System.setProperty("karaf.etc", dir.resolve("etc").toString());
        port = Await.freePort();
        line = new FillerLine(new Random(7), LineBehaviour.STEADY, true);
        server = startServer();
        ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> {
            line.tick(100);
            SimulatorServer s = server;
            if (s != null) {
                s.publish();
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        bus = new TagBusImpl();
        ConnectorConfig config = PlantFileParser.parse("site", "site.yaml", new StringReader(
                "plant: {enterprise: acme, site: site}\n"
                + "connectors:\n"
                + "  - name: filler\n"
                + "    protocol: opcua\n"
                + "    endpoint: opc.tcp://127.0.0.1:" + port + "\n"
                + "    timing: {samplingMillis: 100, publishingMillis: 100, reconnectMinMillis: 200, reconnectMaxMillis: 2000}\n"
                + "    limits: {maxItemsPerSubscription: 3}\n"
                + "    tags:\n"
                + "      - {path: line1/filler/temperature, address: 'ns=2;s=Filler/Temperature', type: float, unit: degC}\n"
                + "      - {path: line1/filler/speed, address: 'ns=2;s=Filler/Speed', type: float}\n"
                + "      - {path: line1/filler/good-count, address: 'ns=2;s=Filler/GoodCount', type: integer}\n"
                + "      - {path: line1/filler/state, address: 'ns=2;s=Filler/State', type: integer}\n"
                + "      - {path: line1/filler/command, address: 'ns=2;s=Filler/Command', type: integer, writable: true}\n"
                + "      - {path: line1/filler/setpoints/speed, address: 'ns=2;s=Filler/Setpoints/Speed', type: float, writable: true}\n"
                + "      - {path: line1/filler/ghost, address: 'ns=2;s=Filler/NoSuchThing', type: float}\n"))
                .plant().connectors().get(0);
        context = new DefaultCamelContext();
        context.start();
        context.addRoutes(new OpcUaConnectorRoutes(config, bus));
    }

    private SimulatorServer startServer() throws Exception {
        return SimulatorServer.start(new ServerSettings("127.0.0.1", port, "127.0.0.1", Set.of(SecurityPolicy.None), true,
                "", "", dir.resolve("server-pki"), true, 100), line);
    }

    @AfterEach
    void stop() throws Exception {
        context.stop();
        bus.close();
        ticker.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void nodesArriveAtTheSamplingRateAndUnknownNodesAreBad() throws Exception {
        Await.until("values", () -> good(P + "temperature") && good(P + "good-count") && good(P + "setpoints/speed"));
        assertThat(value(P + "state")).isEqualTo(2L);
        assertThat(value(P + "setpoints/speed")).isEqualTo(300.0);
        Await.until("unknown node bad", () -> bus.read(TagPath.of(P + "ghost")).get().quality() == Quality.BAD_NOT_FOUND);
        assertThat(bus.connectors().get(0).status().lastError()).contains("Bad_NodeIdUnknown");
        // 100 ms sampling: the counter moves several times a second (camel-milo managed once a second)
        long updatesBefore = bus.info(TagPath.of(P + "temperature")).get().updates();
        Thread.sleep(2_000);
        long updates = bus.info(TagPath.of(P + "temperature")).get().updates() - updatesBefore;
        assertThat(updates).as("temperature updates in 2 s").isGreaterThanOrEqualTo(10);
    }

    @Test
    void writesCarryTheServersStatus() throws Exception {
        Await.until("connected", () -> good(P + "setpoints/speed") && good(P + "command"));
        WriteResult ok = bus.write(TagPath.of(P + "setpoints/speed"), "120", "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(ok.success()).as(ok.message()).isTrue();
        assertThat(ok.message()).isEqualTo("Good");
        assertThat(line.snapshot().speedSetpoint()).isEqualTo(120.0);
        Await.until("read back", () -> Double.valueOf(120.0).equals(value(P + "setpoints/speed")));

        WriteResult refused = bus.write(TagPath.of(P + "setpoints/speed"), 5000, "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(refused.success()).isFalse();
        assertThat(refused.message()).isEqualTo("server answered Bad_OutOfRange");

        // an Int32 node takes the tag's integer as an Int32
        WriteResult command = bus.write(TagPath.of(P + "command"), 2, "test").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(command.success()).as(command.message()).isTrue();
        Await.until("stopped", () -> Long.valueOf(0).equals(value(P + "state")));
    }

    @Test
    void aServerThatGoesAwayTurnsTagsBadAndTheyComeBack() throws Exception {
        Await.until("connected", () -> good(P + "temperature"));
        server.close();
        server = null;
        Await.until("not connected", () -> bus.read(TagPath.of(P + "temperature")).get().quality() == Quality.BAD_NOT_CONNECTED);
        assertThat(bus.connectors().get(0).status().state()).isEqualTo(ConnectorState.DISCONNECTED);
        server = startServer();
        Await.until("good again", () -> good(P + "temperature") && good(P + "good-count"));
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
