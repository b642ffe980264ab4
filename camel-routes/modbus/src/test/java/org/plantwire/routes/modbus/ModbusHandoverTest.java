package org.plantwire.routes.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
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
 * switch board and tag bus: the bus sees no value twice and none out of order, and a value the device takes waits for
 * the bus (a newer one) no longer around a hand-over than one poll period or than it waits elsewhere.
 */
class ModbusHandoverTest {

    private static final TagPath COUNT = TagPath.of("acme/site/line1/capper/speed-setpoint");
    private static final long POLL_MILLIS = 100;
    /** Room for the time a poll takes, between its source time and the device's answer. */
    private static final long POLL_DURATION_MILLIS = 10;
    private static final int HAND_OVERS = 6;

    private ModbusSimulatorServer plc;
    private ConnectorConfig config;
    private final TagBusImpl bus = new TagBusImpl();
    private final SwitchBoardImpl board = new SwitchBoardImpl();
    private final HandoverRecorder versions = new HandoverRecorder(bus, board, COUNT);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger last = new AtomicInteger();
    /** When the device took each counter value. */
    private final Map<Long, Long> setAt = new ConcurrentHashMap<>();
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
            int next = last.incrementAndGet();
            plc.machine().setSpeedSetpoint(next);
            setAt.put((long) next, System.currentTimeMillis());
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

        List<Long> handOvers = new ArrayList<>();
        for (int i = 0; i < HAND_OVERS; i++) {
            int valuesBefore = versions.count();
            Await.until("a few polls", () -> versions.count() >= valuesBefore + 3 + random.nextInt(3));
            handOvers.add(System.currentTimeMillis());
            board.handOver("capper", i % 2 == 0 ? 2 : 1);
        }
        int valuesAfter = versions.count();
        Await.until("polls after the last hand-over", () -> versions.count() >= valuesAfter + 3);
        ticker.shutdownNow();
        assertThat(last.get()).as("the counter did not reach the register's limit").isLessThan(CapperLabeller.MAX_SPEED);

        List<TagValue> values = versions.seen();
        for (int i = 1; i < values.size(); i++) {
            assertThat((Long) values.get(i).value()).as("value %d of %s", i, values)
                    .isGreaterThan((Long) values.get(i - 1).value());
        }
        // How long each counter value waited on the device until the bus had it or a newer one (by the poll's source
        // time): at most one poll period for a polling connector, whether or not a hand-over came in between.
        long atHandOver = 0;
        long elsewhere = 0;
        int next = 0;
        for (long n = (Long) values.get(0).value() + 1; n <= (Long) values.get(values.size() - 1).value(); n++) {
            while ((Long) values.get(next).value() < n) {
                next++;
            }
            long taken = setAt.get(n);
            long waited = values.get(next).sourceTime() - taken;
            if (handOvers.stream().anyMatch(h -> Math.abs(taken - h) <= POLL_MILLIS)) {
                atHandOver = Math.max(atHandOver, waited);
            } else {
                elsewhere = Math.max(elsewhere, waited);
            }
        }
        System.out.println("Modbus hand-overs: " + values.size() + " values on the bus; longest a device value waited"
                + " for the bus: " + atHandOver + " ms around a hand-over, " + elsewhere + " ms elsewhere; poll period "
                + POLL_MILLIS + " ms");
        assertThat(atHandOver).as("longest wait around a hand-over, ms")
                .isLessThanOrEqualTo(Math.max(POLL_MILLIS + POLL_DURATION_MILLIS, elsewhere));
    }
}
