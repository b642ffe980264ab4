package org.plantwire.routes.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.simulator.internal.line.FillerLine;
import org.plantwire.simulator.internal.line.LineBehaviour;
import org.plantwire.simulator.internal.opcua.ServerSettings;
import org.plantwire.simulator.internal.opcua.SimulatorServer;
import org.plantwire.tagbus.internal.SwitchBoardImpl;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Await;
import org.plantwire.testing.HandoverRecorder;

/**
 * Two versions of one OPC UA connector (two CamelContexts, each with its own session) against a real Milo server
 * whose counter changes every 10-50 ms, handed over back and forth on a real switch board and tag bus: a bus
 * subscriber sees every counter value once, in order.
 */
class OpcUaHandoverTest {

    private static final TagPath COUNT = TagPath.of("acme/site/line1/counter");
    private static final int HAND_OVERS = 6;

    @TempDir
    Path dir;

    private SimulatorServer server;
    private CounterNamespace counter;
    private ConnectorConfig config;
    private final TagBusImpl bus = new TagBusImpl();
    private final SwitchBoardImpl board = new SwitchBoardImpl();
    private final HandoverRecorder versions = new HandoverRecorder(bus, board, COUNT);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong last = new AtomicLong();
    private final Random random = new Random(11);

    @BeforeEach
    void start() throws Exception {
        System.setProperty("karaf.data", dir.resolve("data").toString());
        System.setProperty("karaf.etc", dir.resolve("etc").toString());
        int port = Await.freePort();
        server = SimulatorServer.start(new ServerSettings("127.0.0.1", port, "127.0.0.1", Set.of(SecurityPolicy.None), true,
                "", "", dir.resolve("server-pki"), true, 100), new FillerLine(new Random(7), LineBehaviour.STEADY, true));
        counter = new CounterNamespace(server.server());
        counter.startup();
        config = PlantFileParser.parse("site", "site.yaml", new StringReader(
                "plant: {enterprise: acme, site: site}\n"
                + "connectors:\n"
                + "  - name: counter\n"
                + "    protocol: opcua\n"
                + "    endpoint: opc.tcp://127.0.0.1:" + port + "\n"
                + "    timing: {samplingMillis: 10, publishingMillis: 100, reconnectMinMillis: 200, reconnectMaxMillis: 2000}\n"
                + "    tags:\n"
                + "      - {path: line1/counter, address: '" + counter.address() + "', type: integer}\n"))
                .plant().connectors().get(0);
    }

    @AfterEach
    void stop() throws Exception {
        ticker.shutdownNow();
        versions.close();
        bus.close();
        server.close();
    }

    private void version(long bundleId) throws Exception {
        versions.start(() -> {
            CamelContext context = new DefaultCamelContext();
            context.start();
            context.addRoutes(new OpcUaConnectorRoutes(config, bus, board, bundleId));
            return context::stop;
        });
    }

    private void count() {
        counter.set(last.incrementAndGet());
        ticker.schedule(this::count, 10 + random.nextInt(41), TimeUnit.MILLISECONDS);
    }

    @Test
    void handOversBackAndForthLoseAndRepeatNoValue() throws Exception {
        version(1);
        Await.until("version 1 delivers", () -> versions.count() > 0);
        version(2);
        Await.until("version 2 stands by, ready", () -> versions.ready(2));
        assertThat(board.seats()).extracting(SwitchBoard.SeatInfo::bundleId, SwitchBoard.SeatInfo::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, true), org.assertj.core.groups.Tuple.tuple(2L, false));
        ticker.execute(this::count);

        for (int i = 0; i < HAND_OVERS; i++) {
            long to = i % 2 == 0 ? 2 : 1;
            long changesBefore = last.get();
            Await.until("a few changes", () -> last.get() >= changesBefore + 5 + random.nextInt(10));
            long reads = counter.reads();
            board.handOver("counter", to);
            assertThat(counter.reads()).as("the counter is read again on taking over").isGreaterThan(reads);
        }
        ticker.shutdown();
        assertThat(ticker.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        long end = last.get();
        Await.until("the last value on the bus", () -> Long.valueOf(end).equals(bus.read(COUNT).map(TagValue::value).orElse(null)));
        // both sessions' last notifications are in: publishing every 100 ms
        Thread.sleep(300);

        List<Long> seen = versions.longs();
        List<Long> expected = LongStream.rangeClosed(seen.get(0), end).boxed().toList();
        assertThat(seen).as("values on the bus across " + HAND_OVERS + " hand-overs").containsExactlyElementsOf(expected);
        assertThat(end - seen.get(0)).isGreaterThan(HAND_OVERS * 5L);
    }

    @Test
    void monitoredItemsQueueEveryValueOfTwoPublishingIntervals() {
        assertThat(OpcUaConnectorRoutes.queueSize(100, 100)).isEqualTo(20);
        assertThat(OpcUaConnectorRoutes.queueSize(10, 1000)).isEqualTo(200);
        assertThat(OpcUaConnectorRoutes.queueSize(30, 100)).isEqualTo(20);
        assertThat(OpcUaConnectorRoutes.queueSize(1, 60_000)).isEqualTo(1000);
    }
}
