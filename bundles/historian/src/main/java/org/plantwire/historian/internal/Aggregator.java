package org.plantwire.historian.internal;

import java.util.ArrayList;
import java.util.List;

import org.plantwire.historian.Aggregate;
import org.plantwire.historian.HistoryPoint;

/**
 * Folds a tag's points into {@link Aggregate}s of consecutive intervals, in one pass: a value holds from its time
 * until the next point (sample and hold, the reading of recorded changes), so each interval starts with the value
 * held from before it. Time after {@code now} is not weighted: a value is not known to hold in the future.
 */
final class Aggregator {

    private final long interval;
    private final long now;
    private final List<Aggregate> result = new ArrayList<>();

    private long start;
    private HistoryPoint held;
    private long heldSince;
    private long count;
    private double min;
    private double max;
    private double weighted;
    private long goodMillis;

    /**
     * @param from     start of the first interval
     * @param interval length of each interval, ms
     * @param before   the point held at {@code from} (the last one before it), or null
     * @param now      the present, epoch ms
     */
    Aggregator(long from, long interval, HistoryPoint before, long now) {
        this.interval = interval;
        this.now = now;
        this.start = from;
        this.held = before;
        beginInterval();
    }

    /** The next point; points come in time order, all at or after {@code from}. */
    void add(HistoryPoint p) {
        while (p.time() >= start + interval) {
            closeInterval();
        }
        hold(p.time());
        held = p;
        heldSince = p.time();
        include(p);
        count++;
    }

    /** Closes the intervals up to {@code to} and returns them all. */
    List<Aggregate> finish(long to) {
        while (start < to) {
            closeInterval();
        }
        return result;
    }

    private void beginInterval() {
        heldSince = start;
        count = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        weighted = 0;
        goodMillis = 0;
    }

    private void closeInterval() {
        long end = start + interval;
        hold(end);
        boolean any = min <= max;
        result.add(new Aggregate(start, end, count, any ? min : null, any ? max : null,
                goodMillis > 0 ? weighted / goodMillis : null, held, goodMillis));
        start = end;
        beginInterval();
    }

    /**
     * Weights the held value from heldSince up to time (not past now); a value held from before the interval counts
     * among its extremes only when it held for some time in it (not when a point follows at the interval's start).
     */
    private void hold(long time) {
        long until = Math.min(time, now);
        if (held != null && until > heldSince && held.quality().isGood()) {
            include(held);
            Double v = held.number();
            if (v != null) {
                weighted += v * (until - heldSince);
                goodMillis += until - heldSince;
            }
        }
        heldSince = Math.max(heldSince, time);
    }

    private void include(HistoryPoint p) {
        Double v = p.number();
        if (v != null && p.quality().isGood()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
    }
}
