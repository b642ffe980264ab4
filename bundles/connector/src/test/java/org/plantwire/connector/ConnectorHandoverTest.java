package org.plantwire.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plantwire.api.DataType;
import org.plantwire.api.Quality;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.Limits;
import org.plantwire.plant.Scaling;
import org.plantwire.plant.SecurityConfig;
import org.plantwire.plant.TagMapping;
import org.plantwire.plant.Timing;
import org.plantwire.tagbus.internal.SwitchBoardImpl;
import org.plantwire.tagbus.internal.TagBusImpl;

/** Two versions of one connector on a real bus and switch board: standby, hand-over, hand-back, fail-over. */
class ConnectorHandoverTest {

    private static final TagPath COUNT = TagPath.of("acme/site/line1/count");
    private static final TagPath SPEED = TagPath.of("acme/site/line1/speed");

    private final TagBusImpl bus = new TagBusImpl();
    private final SwitchBoardImpl board = new SwitchBoardImpl();
    private final ConnectorConfig config = new ConnectorConfig("site", "acme/site", "line1-plc", "modbus-tcp",
            "modbus-tcp://127.0.0.1:5020", SecurityConfig.NONE, Timing.DEFAULTS, Limits.DEFAULTS, Map.of(), List.of(
            new TagMapping(COUNT, "holding:0", DataType.INTEGER, "uint16", "big", null, "", Scaling.NONE, 0, false, null, null,
                    "", 1),
            new TagMapping(SPEED, "holding:1", DataType.INTEGER, "uint16", "big", null, "", Scaling.NONE, 0, true, null, null,
                    "", 2)),
            "test.yaml:1");
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final List<Long> counts = new CopyOnWriteArrayList<>();
    private final Subscription subscription = bus.subscribe(TagPattern.of(COUNT.toString()), (p, v) -> {
        if (v.quality().isGood()) {
            counts.add(((Number) v.value()).longValue());
        }
    }, "test", 100_000, false);

    @AfterEach
    void close() {
        subscription.close();
        bus.close();
    }

    private ConnectorRuntime version(String name, long bundleId) {
        return new ConnectorRuntime(config, bus, (m, raw, r) -> {
            writes.add(name + ":" + raw);
            return CompletableFuture.completedFuture(WriteResult.ok(r.path(), r.value(), "ok"));
        }, board, bundleId);
    }

    private static void count(ConnectorRuntime rt, long n, long sourceTime) {
        rt.publishRaw(rt.mapperFor(COUNT), n, Quality.GOOD, sourceTime);
    }

    private List<Long> awaitCounts(int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (counts.size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(50);
        return new ArrayList<>(counts);
    }

    @Test
    void newVersionStandsByThenDeliversOnlyWhatTheOldOneDidNot() throws Exception {
        ConnectorRuntime v1 = version("v1", 10);
        v1.start();
        v1.connected();
        ConnectorRuntime v2 = version("v2", 11);
        v2.start();
        assertThat(v1.isActive()).isTrue();
        assertThat(v2.isActive()).isFalse();
        assertThat(v2.ready()).isFalse();
        assertThat(v2.notReadyReason()).startsWith("STARTING");
        assertThatThrownBy(() -> board.handOver("line1-plc", 11)).hasMessageContaining("not ready");

        // both receive the same device stream (own sessions), with the device's source times
        for (long n = 1; n <= 5; n++) {
            count(v1, n, 1000 + n);
        }
        v2.connected();
        v2.disconnected("blip"); // a standby instance's own trouble never reaches the bus
        v2.connected();
        for (long n = 3; n <= 7; n++) {
            count(v2, n, 1000 + n); // v2 joined the stream late, and is ahead of v1 by two values
        }
        assertThat(bus.read(COUNT).orElseThrow().value()).isEqualTo(5L);
        assertThat(board.seats()).extracting(SwitchBoard.SeatInfo::bundleId, SwitchBoard.SeatInfo::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(10L, true), org.assertj.core.groups.Tuple.tuple(11L, false));

        long nanos = board.handOver("line1-plc", 11);
        assertThat(nanos).isPositive();
        count(v1, 6, 1006); // the old one's late value goes nowhere
        count(v2, 8, 1008);
        assertThat(awaitCounts(8)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(bus.read(COUNT).orElseThrow().quality()).isEqualTo(Quality.GOOD);

        assertThat(bus.write(SPEED, 50L, "test").toCompletableFuture().get(5, TimeUnit.SECONDS).success()).isTrue();
        assertThat(writes).containsExactly("v2:50");

        // hand back (an upgrade that failed after the switch): the old one keeps what it receives meanwhile
        count(v1, 7, 1007);
        count(v1, 8, 1008);
        count(v1, 9, 1009);
        board.handOver("line1-plc", 10);
        count(v2, 10, 1010); // nowhere
        assertThat(awaitCounts(9)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);

        // the active one stops: the standby one takes over by itself
        count(v2, 10, 1010);
        v1.close();
        assertThat(v2.isActive()).isTrue();
        assertThat(awaitCounts(10)).endsWith(9L, 10L);
        assertThat(bus.read(COUNT).orElseThrow().quality()).isEqualTo(Quality.GOOD);
        v2.close();
        assertThat(bus.read(COUNT).orElseThrow().quality()).isEqualTo(Quality.UNCERTAIN_LAST_KNOWN);
        assertThat(board.seats()).isEmpty();
    }

    @Test
    void aNotReadyVersionTakesOverOnlyFromOneThatIsNotReadyEither() throws Exception {
        ConnectorRuntime v1 = version("v1", 10);
        v1.start();
        v1.connected();
        ConnectorRuntime v2 = version("v2", 11);
        v2.start();
        v2.disconnected("device away");
        assertThatThrownBy(() -> board.handOver("line1-plc", 11)).hasMessageContaining("not ready");
        assertThat(v1.isActive()).isTrue();

        v1.disconnected("device away"); // neither version reaches the device: nothing flows that could be lost
        board.handOver("line1-plc", 11);
        assertThat(v2.isActive()).isTrue();
        assertThat(v1.isActive()).isFalse();
        v2.connected(); // the device is back
        count(v2, 1, System.currentTimeMillis());
        assertThat(awaitCounts(1)).containsExactly(1L);
        v1.close();
        v2.close();
    }

    @Test
    void aNewVersionBehindTheOldOneDeliversNoValueTwice() throws Exception {
        ConnectorRuntime v1 = version("v1", 10);
        v1.start();
        v1.connected();
        ConnectorRuntime v2 = version("v2", 11);
        v2.start();
        v2.connected();
        for (long n = 1; n <= 6; n++) {
            count(v1, n, 1000 + n);
        }
        for (long n = 1; n <= 3; n++) {
            count(v2, n, 1000 + n); // v2's session lags: 4..6 are still on their way to it
        }
        board.handOver("line1-plc", 11);
        for (long n = 4; n <= 9; n++) {
            count(v2, n, 1000 + n); // 4..6 were delivered by v1: dropped; 7.. are new
        }
        assertThat(awaitCounts(9)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);

        // a value read again after taking over goes to the bus only when it is new, whatever the deadband
        TagMapper mapper = v2.mapperFor(COUNT);
        assertThat(v2.publishRawIfNew(mapper, 9L, Quality.GOOD, 1009)).isFalse();
        assertThat(v2.publishRawIfNew(mapper, 8L, Quality.GOOD, 1008)).isFalse();
        assertThat(v2.publishRawIfNew(mapper, 10L, Quality.GOOD, 1010)).isTrue();
        count(v2, 10, 1010); // the same value from the subscription afterwards: no duplicate
        count(v2, 11, 1011);
        assertThat(awaitCounts(11)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        v1.close();
        v2.close();
    }

    @Test
    void aVersionThatFailsToTakeOverGivesTheWorkBack() throws Exception {
        ConnectorRuntime v1 = version("v1", 10);
        v1.start();
        v1.connected();
        count(v1, 1, 1001);
        ConnectorRuntime v2 = version("v2", 11);
        v2.onHandover(new ConnectorRuntime.Handover() {
            @Override
            public void activate() {
                throw new IllegalStateException("session refused");
            }
        });
        v2.start();
        v2.connected();
        assertThatThrownBy(() -> board.handOver("line1-plc", 11)).hasMessageContaining("failed to take over: session refused");
        assertThat(v1.isActive()).isTrue();
        assertThat(v2.isActive()).isFalse();
        count(v1, 2, 1002);
        assertThat(awaitCounts(2)).containsExactly(1L, 2L);
        assertThat(bus.write(SPEED, 5L, "test").toCompletableFuture().get(5, TimeUnit.SECONDS).success()).isTrue();
        assertThat(writes).containsExactly("v1:5");
        v2.close();
        v1.close();
    }

    @Test
    void unchangedOrOlderValuesAreNoNewChange() {
        TagValue last = new TagValue(5L, Quality.GOOD, 100, 100);
        assertThat(StandbyPublisher.isNewChange(new TagValue(5L, Quality.GOOD, 120, 120), last)).isFalse();
        assertThat(StandbyPublisher.isNewChange(new TagValue(6L, Quality.GOOD, 90, 120), last)).isFalse();
        assertThat(StandbyPublisher.isNewChange(new TagValue(6L, Quality.GOOD, 100, 120), last)).isTrue();
        assertThat(StandbyPublisher.isNewChange(new TagValue(5L, Quality.BAD_NOT_FOUND, 120, 120), last)).isTrue();
        assertThat(StandbyPublisher.isNewChange(new TagValue(5L, Quality.GOOD, 1, 1), null)).isTrue();
    }
}
