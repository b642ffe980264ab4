package org.plantwire.historian.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.plantwire.api.Quality;
import org.plantwire.historian.Aggregate;
import org.plantwire.historian.HistoryPoint;

/** Worked numbers: a value holds from its time until the next point. */
class AggregatorTest {

    private static HistoryPoint good(long t, double v) {
        return new HistoryPoint(t, v, Quality.GOOD);
    }

    @Test
    void timeWeightedAverageMinMaxLastAndCountPerInterval() {
        // held before: 10 (since t=-5). Interval [0,10): 10 for 0..4, 20 for 4..6, 30 for 6..10
        //   average = (10*4 + 20*2 + 30*4) / 10 = 200 / 10 = 20.0 (the plain mean of 20 and 30 would be 25)
        //   min 10 (held at the start), max 30, last 30, count 2
        // interval [10,20): 30 for 10..12, 0 for 12..20 -> (30*2 + 0*8) / 10 = 6.0; min 0, max 30, last 0, count 1
        Aggregator a = new Aggregator(0, 10, good(-5, 10), Long.MAX_VALUE);
        a.add(good(4, 20));
        a.add(good(6, 30));
        a.add(good(12, 0));
        List<Aggregate> r = a.finish(20);
        assertThat(r).hasSize(2);
        Aggregate first = r.get(0);
        assertThat(first.start()).isEqualTo(0);
        assertThat(first.end()).isEqualTo(10);
        assertThat(first.count()).isEqualTo(2);
        assertThat(first.average()).isEqualTo(20.0);
        assertThat(first.min()).isEqualTo(10.0);
        assertThat(first.max()).isEqualTo(30.0);
        assertThat(first.last().value()).isEqualTo(30.0);
        assertThat(first.goodMillis()).isEqualTo(10);
        Aggregate second = r.get(1);
        assertThat(second.count()).isEqualTo(1);
        assertThat(second.average()).isEqualTo(6.0);
        assertThat(second.min()).isEqualTo(0.0);
        assertThat(second.max()).isEqualTo(30.0);
        assertThat(second.last().value()).isEqualTo(0.0);
    }

    @Test
    void badQualityIsLeftOutOfTheAverageAndTheExtremes() {
        // [0,100): 50 for 0..40, bad for 40..70, 80 for 70..100 -> (50*40 + 80*30) / 70 = 4400 / 70 = 62.857...
        Aggregator a = new Aggregator(0, 100, null, Long.MAX_VALUE);
        a.add(good(0, 50));
        a.add(new HistoryPoint(40, null, Quality.BAD_NOT_CONNECTED));
        a.add(good(70, 80));
        Aggregate r = a.finish(100).get(0);
        assertThat(r.average()).isCloseTo(4400.0 / 70, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.goodMillis()).isEqualTo(70);
        assertThat(r.min()).isEqualTo(50.0);
        assertThat(r.max()).isEqualTo(80.0);
        assertThat(r.count()).isEqualTo(3);
    }

    @Test
    void noDataGivesEmptyIntervalsAndTheFutureIsNotWeighted() {
        // nothing before 0; [0,10) empty; [10,20): 4 from 15, now = 18 -> average over 15..18 = 4
        Aggregator a = new Aggregator(0, 10, null, 18);
        a.add(good(15, 4));
        List<Aggregate> r = a.finish(30);
        assertThat(r).hasSize(3);
        assertThat(r.get(0).count()).isZero();
        assertThat(r.get(0).average()).isNull();
        assertThat(r.get(0).min()).isNull();
        assertThat(r.get(0).last()).isNull();
        assertThat(r.get(1).average()).isEqualTo(4.0);
        assertThat(r.get(1).goodMillis()).isEqualTo(3);
        // [20,30) lies after now: no average, no extremes, but the last value is still known
        assertThat(r.get(2).average()).isNull();
        assertThat(r.get(2).min()).isNull();
        assertThat(r.get(2).last().value()).isEqualTo(4.0);
    }

    @Test
    void theAverageOfABooleanIsTheFractionOfTimeItWasTrue() {
        // running true 0..30, false 30..100 -> 0.3
        Aggregator a = new Aggregator(0, 100, null, Long.MAX_VALUE);
        a.add(new HistoryPoint(0, true, Quality.GOOD));
        a.add(new HistoryPoint(30, false, Quality.GOOD));
        assertThat(a.finish(100).get(0).average()).isEqualTo(0.3);
    }

    @Test
    void aValueReplacedRightAtTheIntervalStartIsNotAnExtreme() {
        // 100 held before, replaced by 5 exactly at the start: 100 held for no time in [0,10)
        Aggregator a = new Aggregator(0, 10, good(-3, 100), Long.MAX_VALUE);
        a.add(good(0, 5));
        Aggregate r = a.finish(10).get(0);
        assertThat(r.max()).isEqualTo(5.0);
        assertThat(r.average()).isEqualTo(5.0);
    }
}
