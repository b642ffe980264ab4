package org.plantwire.historian.internal;

import java.util.List;
import java.util.Objects;

import org.plantwire.historian.HistoryPoint;
import org.plantwire.plant.HistoryConfig;
import org.plantwire.plant.HistoryConfig.Compression;

/**
 * Decides which of a tag's values are kept, per its {@link HistoryConfig}: every one, those beyond a deadband from
 * the last kept, or the swinging door's turning points. A change of quality is always kept, and a value that was
 * already kept (the bus offers current values again after a restart) never twice. One per tag, used by one thread.
 */
final class Compressor {

    private HistoryConfig config;
    /** The last point kept (recorded), or null before the first. */
    private HistoryPoint kept;
    /** Swinging door: the newest value offered and not kept yet; the next turning point if the door closes after it. */
    private HistoryPoint held;
    private double upperSlope = Double.NEGATIVE_INFINITY;
    private double lowerSlope = Double.POSITIVE_INFINITY;

    Compressor(HistoryConfig config, HistoryPoint lastRecorded) {
        this.config = config;
        this.kept = lastRecorded;
    }

    HistoryConfig config() {
        return config;
    }

    /** New settings from the next value on; a value the door holds is kept first. */
    List<HistoryPoint> reconfigure(HistoryConfig newConfig) {
        this.config = newConfig;
        return flushHeld();
    }

    /** The points to record for this offered value, oldest first: none, the value, or a held value and it. */
    List<HistoryPoint> offer(HistoryPoint p) {
        if (kept == null) {
            return keep(p);
        }
        if (p.time() < kept.time()) {
            return List.of(p); // late: recorded in order by the store, the compression's state stays as it is
        }
        if (p.time() == kept.time() && p.quality() == kept.quality() && same(p.value(), kept.value())) {
            return List.of(); // offered again
        }
        Compression c = config.compression();
        Double v = p.number();
        Double k = kept.number();
        boolean analogue = v != null && k != null && p.quality().isGood() && !(p.value() instanceof Boolean);
        if (c == Compression.SWINGING_DOOR && analogue && p.quality() == kept.quality() && heldQualityIs(p)) {
            return door(p, v);
        }
        List<HistoryPoint> before = flushHeld();
        boolean keepIt = p.quality() != kept.quality() || c == Compression.NONE
                || (analogue && kept.quality().isGood() ? Math.abs(v - k) > config.deadband() || config.deadband() == 0 && !same(p.value(), kept.value())
                        : !same(p.value(), kept.value()));
        if (!keepIt) {
            return before;
        }
        if (before.isEmpty()) {
            return keep(p);
        }
        kept = p;
        return List.of(before.get(0), p);
    }

    /** The value the door holds, to record before a clean stop; null when none. */
    HistoryPoint takeHeld() {
        HistoryPoint h = held;
        if (h != null) {
            kept = h;
            held = null;
            resetDoor();
        }
        return h;
    }

    private boolean heldQualityIs(HistoryPoint p) {
        return held == null || held.quality() == p.quality();
    }

    /**
     * The swinging door from the last kept point: two doors hinged at kept ± deadband open to let each new value
     * through; once they would have to open past parallel, no straight line from the kept point stays within the
     * deadband of every value since, and the previous value becomes the next kept point.
     */
    private List<HistoryPoint> door(HistoryPoint p, double v) {
        double base = kept.number();
        double dt = p.time() - kept.time();
        if (dt <= 0) {
            return List.of(); // same instant as the kept point: nothing to draw a line through
        }
        double upper = Math.max(upperSlope, (v - (base + config.deadband())) / dt);
        double lower = Math.min(lowerSlope, (v - (base - config.deadband())) / dt);
        if (upper <= lower || held == null) {
            upperSlope = upper;
            lowerSlope = lower;
            held = p;
            return List.of();
        }
        HistoryPoint turning = held;
        kept = turning;
        held = null;
        resetDoor();
        List<HistoryPoint> after = door(p, v);
        return after.isEmpty() ? List.of(turning) : List.of(turning, after.get(0));
    }

    private List<HistoryPoint> flushHeld() {
        HistoryPoint h = takeHeld();
        return h == null ? List.of() : List.of(h);
    }

    private void resetDoor() {
        upperSlope = Double.NEGATIVE_INFINITY;
        lowerSlope = Double.POSITIVE_INFINITY;
    }

    private List<HistoryPoint> keep(HistoryPoint p) {
        kept = p;
        return List.of(p);
    }

    /** Equal values; doubles bit for bit, whole numbers across Long/Double as numbers. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a, b);
    }
}
