package org.plantwire.routes.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.simulator.modbus.CapperLabeller;
import org.plantwire.simulator.modbus.ModbusSimulatorServer;
import org.plantwire.simulator.modbus.WordOrder;
import org.plantwire.tagbus.internal.SwitchBoardImpl;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Await;
import org.plantwire.testing.HandoverRecorder;

/**
 * Two versions of one Modbus connector (two CamelContexts, each with its own connection and polling) against the
 * simulated PLC, whose speed setpoint register the test counts up every 5-15 ms, handed over back and forth on a real
 * switch board and tag bus: the bus sees no value twice and none out of order, and between two values it sees at most
 * one poll period of the device's time.
 */
class ModbusHandoverTest {

    private static final TagPath COUNT = TagPath.of("acme/site/line1/capper/speed-setpoint");
    private static final long POLL_MILLIS = 100;
    /** The counter changes at least this often: a take-over poll within it may read the value the bus has. */
    private static final long COUNTER_MILLIS = 15;
    private static final int HAND_OVERS = 6;

    private ModbusSimulatorServer plc;
    private ConnectorConfig config;
    private final TagBusImpl bus = new TagBusImpl();
    private final SwitchBoardImpl board = new SwitchBoardImpl();
    private final HandoverRecorder versions = new HandoverRecorder(bus, board, COUNT);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger last = new AtomicInteger();
    private final Random random = new Random(5);

    @BeforeEach
    void start() throws Exception {
        int port = Await.freePort();
        plc = new ModbusSimulatorServer(new CapperLabeller(new Random(1)), "127.0.0.1", port, 1, WordOrder.ABCD);
        plc.start();
        plc.machine().setSpeedSetpoint(0);
        config = PlantFileParser.parse("site", "site.yaml", new StringReader(
                "plant: {enterprise: acme, site: site}\n"
                + "connectors:\n"
                + "  - name: capper\n"
                + "    protocol: modbus-tcp\n"
                + "    endpoint: modbus-tcp://127.0.0.1:" + port + "\n"
                + "    timing: {pollMillis: " + POLL_MILLIS + ", requestTimeoutMillis: 1000, reconnectMinMillis: 100, reconnectMaxMillis: 1000}\n"
                + "    tags:\n"
                + "      - {path: line1/capper/speed-setpoint, address: 'holding:0', encoding: uint16, type: integer}\n"))
                .plant().connectors().get(0);
    }

    @AfterEach
    void stop() throws Exception {
        ticker.shutdownNow();
        versions.close();
        bus.close();
        plc.close();
    }

    private void version(long bundleId) throws Exception {
        versions.start(() -> {
            CamelContext context = new DefaultCamelContext();
            context.start();
            context.addRoutes(new ModbusConnectorRoutes(config, bus, board, bundleId));
            return context::stop;
        });
    }

    /** Counts up, below the register's limit (600). */
    private void count() {
        if (last.get() < CapperLabeller.MAX_SPEED) {
            plc.machine().setSpeedSetpoint(last.incrementAndGet());
            ticker.schedule(this::count, 5 + random.nextInt(11), TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void handOversBackAndForthRepeatNoValueAndMissAtMostOnePoll() throws Exception {
        version(1);
        Await.until("version 1 delivers", () -> versions.count() > 0);
        version(2);
        Await.until("version 2 stands by, ready", () -> versions.ready(2));
        ticker.execute(this::count);

        Set<Integer> atHandOver = new HashSet<>(); // indexes of the values around a hand-over
        for (int i = 0; i < HAND_OVERS; i++) {
            int valuesBefore = versions.count();
            Await.until("a few polls", () -> versions.count() >= valuesBefore + 3 + random.nextInt(3));
            int index = versions.count();
            board.handOver("capper", i % 2 == 0 ? 2 : 1);
            atHandOver.addAll(List.of(index, index + 1));
        }
        int valuesAfter = versions.count();
        Await.until("polls after the last hand-over", () -> versions.count() >= valuesAfter + 3);
        ticker.shutdownNow();
        assertThat(last.get()).as("the counter did not reach the register's limit").isLessThan(CapperLabeller.MAX_SPEED);

        List<TagValue> values = versions.seen();
        long handOverGap = 0;
        long pollGap = 0;
        for (int i = 1; i < values.size(); i++) {
            TagValue before = values.get(i - 1);
            TagValue after = values.get(i);
            assertThat((Long) after.value()).as("value %d of %s", i, values).isGreaterThan((Long) before.value());
            long gap = after.sourceTime() - before.sourceTime(); // the device's time between two values on the bus
            if (atHandOver.contains(i)) {
                handOverGap = Math.max(handOverGap, gap);
            } else {
                pollGap = Math.max(pollGap, gap);
            }
        }
        System.out.println("Modbus hand-overs: " + values.size() + " values, largest gap at a hand-over " + handOverGap
                + " ms, between two polls of one instance " + pollGap + " ms, poll period " + POLL_MILLIS + " ms");
        // at most one poll period, as this run's timer keeps it; a take-over poll that reads the value the bus has
        // already (the counter did not move yet) publishes nothing
        assertThat(handOverGap).isLessThanOrEqualTo(Math.max(POLL_MILLIS, pollGap) + COUNTER_MILLIS);
    }
}
