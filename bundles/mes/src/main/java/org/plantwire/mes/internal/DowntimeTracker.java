package org.plantwire.mes.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Follows a line's machine state and fault code and says when a stop begins and ends: any state outside the
 * running states is a stop; the reason comes from the fault code (mapped to a reason code, {@code fault-<code>}
 * when not mapped), else {@code unassigned}. A fault code that arrives after the state still gives the open stop
 * its reason. Not thread-safe: used under its line's lock.
 */
final class DowntimeTracker {

    /** What a reading did to the line's stop. */
    sealed interface Change permits Started, Ended, ReasonChanged {
    }

    record Started(Instant at, int faultCode, String reason) implements Change {
    }

    /** @param microStop shorter than the threshold */
    record Ended(Instant start, Instant end, boolean microStop) implements Change {
    }

    record ReasonChanged(int faultCode, String reason) implements Change {
    }

    static final String UNASSIGNED = "unassigned";

    private final Set<Long> runningStates;
    private final Map<Integer, String> faultReasons;
    private final long microStopMillis;

    private Long state;
    private int faultCode;
    private Instant stopStart;
    private boolean reasonFromPlc;

    DowntimeTracker(Set<Long> runningStates, Map<Integer, String> faultReasons, long microStopMillis) {
        this.runningStates = Set.copyOf(runningStates);
        this.faultReasons = Map.copyOf(faultReasons);
        this.microStopMillis = microStopMillis;
    }

    /** A machine state reading; null when nothing changed for downtime. */
    Change state(long value, Instant at) {
        state = value;
        boolean running = runningStates.contains(value);
        if (!running && stopStart == null) {
            stopStart = at;
            reasonFromPlc = faultCode != 0;
            return new Started(at, faultCode, reason(faultCode));
        }
        if (running && stopStart != null) {
            Instant start = stopStart;
            stopStart = null;
            return new Ended(start, at, at.toEpochMilli() - start.toEpochMilli() < microStopMillis);
        }
        return null;
    }

    /** A fault code reading; gives an open stop without a fault its reason. */
    Change faultCode(int code, Instant at) {
        faultCode = code;
        if (stopStart != null && code != 0 && !reasonFromPlc) {
            reasonFromPlc = true;
            return new ReasonChanged(code, reason(code));
        }
        return null;
    }

    /** The last fault code reading (0 when none). */
    int faultCode() {
        return faultCode;
    }

    /**
     * Takes up what was known before a restart of the MES: the last fault code and a stop still open then (null if
     * none), so the next stopped reading does not open a second event for the same stop.
     */
    void resume(int lastFaultCode, Instant openStopStart, boolean openStopReasonFromPlc) {
        faultCode = lastFaultCode;
        stopStart = openStopStart;
        reasonFromPlc = openStopReasonFromPlc;
    }

    boolean stopped() {
        return stopStart != null;
    }

    boolean running() {
        return state != null && runningStates.contains(state);
    }

    Instant stopStart() {
        return stopStart;
    }

    String reason(int code) {
        if (code == 0) {
            return UNASSIGNED;
        }
        return faultReasons.getOrDefault(code, "fault-" + code);
    }
}
