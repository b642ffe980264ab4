package org.plantwire.historian.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.plantwire.api.Quality;
import org.plantwire.historian.HistoryPoint;
import org.plantwire.plant.HistoryConfig;
import org.plantwire.plant.HistoryConfig.Compression;

class CompressorTest {

    private static final long DAY = 86_400_000L;

    private static List<Long> keptTimes(Compressor c, double... values) {
        List<Long> kept = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            c.offer(new HistoryPoint(i * 1000L, values[i], Quality.GOOD)).forEach(p -> kept.add(p.time() / 1000));
        }
        return kept;
    }

    @Test
    void deadbandKeepsOnlyMovesBeyondIt() {
        Compressor c = new Compressor(new HistoryConfig(true, Compression.DEADBAND, 0.5, DAY), null);
        // kept: 10.0 (first), 10.6 (> 0.5 from 10.0), 10.0 (0.6 from 10.6); 10.3, 10.5 and 10.4 are within 0.5
        assertThat(keptTimes(c, 10.0, 10.3, 10.5, 10.6, 10.4, 10.0)).containsExactly(0L, 3L, 5L);
    }

    @Test
    void deadbandZeroKeepsEveryChangeAndNoRepeat() {
        Compressor c = new Compressor(new HistoryConfig(true, Compression.DEADBAND, 0, DAY), null);
        assertThat(keptTimes(c, 1, 1, 2, 2, 2, 3)).containsExactly(0L, 2L, 5L);
    }

    @Test
    void noneKeepsEverySample() {
        Compressor c = new Compressor(new HistoryConfig(true, Compression.NONE, 0, DAY), null);
        assertThat(keptTimes(c, 1, 1, 1)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void aQualityChangeIsAlwaysKept() {
        Compressor c = new Compressor(new HistoryConfig(true, Compression.DEADBAND, 100, DAY), null);
        assertThat(c.offer(new HistoryPoint(0, 5.0, Quality.GOOD))).hasSize(1);
        assertThat(c.offer(new HistoryPoint(1, 5.0, Quality.UNCERTAIN_LAST_KNOWN))).hasSize(1);
        assertThat(c.offer(new HistoryPoint(2, 5.0, Quality.GOOD))).hasSize(1);
        assertThat(c.offer(new HistoryPoint(3, 6.0, Quality.GOOD))).isEmpty();
    }

    @Test
    void aValueOfferedAgainIsNotKeptTwice() {
        Compressor c = new Compressor(new HistoryConfig(true, Compression.NONE, 0, DAY), new HistoryPoint(5, 1.0, Quality.GOOD));
        assertThat(c.offer(new HistoryPoint(5, 1.0, Quality.GOOD))).isEmpty();
    }

    @Test
    void swingingDoorKeepsTheTurningPointsOfARamp() {
        // a straight ramp 0,1,2,...,5 then flat 5,5,5: only the start, the knee (t=5) are needed;
        // the knee is kept when the door closes at t=6 (the first flat value that no line from 0 can reach within 0.1)
        Compressor c = new Compressor(new HistoryConfig(true, Compression.SWINGING_DOOR, 0.1, DAY), null);
        assertThat(keptTimes(c, 0, 1, 2, 3, 4, 5, 5, 5, 5)).containsExactly(0L, 5L);
        // what the door holds last (t=8) is recorded at a clean stop
        assertThat(c.takeHeld().time()).isEqualTo(8000);
    }

    @Test
    void swingingDoorStaysWithinItsDeviation() {
        // noise of +-0.05 on a constant 20 with a door of 0.1: only the first point and the last held
        Compressor c = new Compressor(new HistoryConfig(true, Compression.SWINGING_DOOR, 0.1, DAY), null);
        assertThat(keptTimes(c, 20, 20.05, 19.95, 20.02, 19.98, 20.05)).containsExactly(0L);
        // a step of 1 breaks out: the value before the step is kept
        assertThat(c.offer(new HistoryPoint(6000, 21.0, Quality.GOOD))).extracting(HistoryPoint::time).containsExactly(5000L);
    }
}
