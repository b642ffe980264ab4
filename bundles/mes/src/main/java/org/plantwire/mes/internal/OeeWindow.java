package org.plantwire.mes.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.plantwire.mes.Oee;

/**
 * What OEE is computed from for one scope (a line's shift, an order): counts, the ideal time of the units made, and
 * the stops that were not micro-stops. Planned time and run time come from the shift calendar when asked, so the
 * figures are current at any moment, also while the line stands. Not thread-safe: used under its line's lock.
 */
final class OeeWindow {

    private final String scope;
    private final String id;
    private final String line;
    private final Instant from;
    private Instant to;
    private long good;
    private long reject;
    private double idealMillis;
    private int microStops;
    /** stops not yet folded into {@link #foldedDownMillis}: [start, end] in epoch ms; end = -1 while open */
    private final List<long[]> stops = new ArrayList<>();
    /** planned time lost to stops that ended before the last {@link #compute}: summed once, their entries dropped */
    private long foldedDownMillis;

    OeeWindow(String scope, String id, String line, Instant from) {
        this.scope = scope;
        this.id = id;
        this.line = line;
        this.from = from;
    }

    /** What a window holds, to be kept across a restart of the MES ({@link LineSnapshot}). */
    record State(String scope, String id, String line, Instant from, Instant to, long good, long reject,
                 double idealMillis, int microStops, List<long[]> stops, long foldedDownMillis) {
    }

    State state() {
        return new State(scope, id, line, from, to, good, reject, idealMillis, microStops,
                stops.stream().map(long[]::clone).toList(), foldedDownMillis);
    }

    /** The window as it was; a stop open then is still open (it ends with the next running state). */
    static OeeWindow restore(State s) {
        OeeWindow w = new OeeWindow(s.scope(), s.id(), s.line(), s.from());
        w.to = s.to();
        w.good = s.good();
        w.reject = s.reject();
        w.idealMillis = s.idealMillis();
        w.microStops = s.microStops();
        w.foldedDownMillis = s.foldedDownMillis();
        s.stops().forEach(stop -> w.stops.add(stop.clone()));
        return w;
    }

    String id() {
        return id;
    }

    Instant from() {
        return from;
    }

    /** Units made: {@code idealCycleMillis} is the product's ideal time per unit on this line (0 when unknown). */
    void count(long goodUnits, long rejectUnits, double idealCycleMillis) {
        good += goodUnits;
        reject += rejectUnits;
        idealMillis += (goodUnits + rejectUnits) * idealCycleMillis;
    }

    void stopStarted(Instant at) {
        if (stops.isEmpty() || stops.get(stops.size() - 1)[1] >= 0) {
            stops.add(new long[] {Math.max(at.toEpochMilli(), from.toEpochMilli()), -1});
        }
    }

    /** Ends the open stop; a micro-stop leaves the stops (its time is a speed loss, in performance) and is counted. */
    void stopEnded(Instant at, boolean microStop) {
        if (stops.isEmpty() || stops.get(stops.size() - 1)[1] >= 0) {
            return;
        }
        if (microStop) {
            stops.remove(stops.size() - 1);
            microStops++;
        } else {
            stops.get(stops.size() - 1)[1] = at.toEpochMilli();
        }
    }

    /** Closes the window at {@code end} (a finished order, a shift that ended). */
    void close(Instant end) {
        to = end;
    }

    boolean closed() {
        return to != null;
    }

    long good() {
        return good;
    }

    long reject() {
        return reject;
    }

    Oee compute(Instant now, ShiftCalendar calendar) {
        Instant end = to != null ? to : now;
        long planned = calendar.plannedMillis(from, end);
        // a stop that ended by now loses the same planned time at every later moment: sum it once, so a window with
        // thousands of stops (a long order, a faulty shift) computes and keeps as little as one with none
        for (var it = stops.iterator(); it.hasNext();) {
            long[] s = it.next();
            if (s[1] >= 0 && s[1] <= end.toEpochMilli()) {
                foldedDownMillis += calendar.plannedMillis(Instant.ofEpochMilli(s[0]), Instant.ofEpochMilli(s[1]));
                it.remove();
            }
        }
        long down = foldedDownMillis;
        for (long[] s : stops) {
            Instant stopEnd = s[1] < 0 ? end : Instant.ofEpochMilli(Math.min(s[1], end.toEpochMilli()));
            down += calendar.plannedMillis(Instant.ofEpochMilli(s[0]), stopEnd);
        }
        long run = Math.max(0, planned - down);
        long ideal = Math.round(idealMillis);
        return compute(scope, id, line, from, end, planned, run, good, reject, ideal, microStops);
    }

    /** The OEE arithmetic; a component with nothing to measure yet (no planned time, no run time, no units) is 1. */
    static Oee compute(String scope, String id, String line, Instant from, Instant to, long planned, long run,
                       long good, long reject, long ideal, int microStops) {
        double availability = planned > 0 ? (double) run / planned : 1.0;
        // capped at 1: a faster-than-ideal line means the ideal cycle time is set too slow, not a bonus;
        // nothing ran: the loss is all availability
        double performance = run > 0 ? Math.min(1.0, (double) ideal / run) : 1.0;
        long total = good + reject;
        double quality = total > 0 ? (double) good / total : 1.0;
        return new Oee(scope, id, line, from, to, planned, run, good, reject, ideal, microStops, availability,
                performance, quality, availability * performance * quality);
    }
}
