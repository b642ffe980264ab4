package org.plantwire.mes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DowntimeTrackerTest {

    private static final long STOPPED = 0;
    private static final long IDLE = 1;
    private static final long RUNNING = 2;
    private static final long FAULT = 3;

    private final DowntimeTracker tracker = new DowntimeTracker(Set.of(RUNNING), Map.of(101, "infeed-jam"), 2_000);

    private static Instant t(long millis) {
        return Instant.ofEpochMilli(1_000_000 + millis);
    }

    @Test
    void aFaultOpensAStopWithItsReasonAndRunningClosesIt() {
        assertThat(tracker.state(RUNNING, t(0))).isNull();
        tracker.faultCode(101, t(100));
        DowntimeTracker.Change start = tracker.state(FAULT, t(100));
        assertThat(start).isEqualTo(new DowntimeTracker.Started(t(100), 101, "infeed-jam"));
        assertThat(tracker.state(IDLE, t(5_000))).isNull(); // still down: one event from fault to running
        tracker.faultCode(0, t(5_000));
        DowntimeTracker.Change end = tracker.state(RUNNING, t(8_100));
        assertThat(end).isEqualTo(new DowntimeTracker.Ended(t(100), t(8_100), false));
    }

    @Test
    void aStopShorterThanTheThresholdIsAMicroStop() {
        tracker.state(RUNNING, t(0));
        assertThat(tracker.state(IDLE, t(1_000))).isInstanceOf(DowntimeTracker.Started.class);
        assertThat(tracker.state(RUNNING, t(2_999))).isEqualTo(new DowntimeTracker.Ended(t(1_000), t(2_999), true));
        tracker.state(IDLE, t(10_000));
        assertThat(tracker.state(RUNNING, t(12_000))).isEqualTo(new DowntimeTracker.Ended(t(10_000), t(12_000), false));
    }

    @Test
    void aFaultCodeArrivingAfterTheStateGivesTheReason() {
        tracker.state(RUNNING, t(0));
        assertThat(tracker.state(FAULT, t(100))).isEqualTo(new DowntimeTracker.Started(t(100), 0, "unassigned"));
        assertThat(tracker.faultCode(101, t(150))).isEqualTo(new DowntimeTracker.ReasonChanged(101, "infeed-jam"));
        assertThat(tracker.faultCode(101, t(200))).isNull();
        assertThat(tracker.reason(999)).isEqualTo("fault-999");
    }

    @Test
    void aLineThatStartsStoppedOpensAStop() {
        assertThat(tracker.state(STOPPED, t(0))).isInstanceOf(DowntimeTracker.Started.class);
        assertThat(tracker.stopped()).isTrue();
        assertThat(tracker.running()).isFalse();
    }
}
