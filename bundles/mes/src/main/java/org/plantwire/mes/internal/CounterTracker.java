package org.plantwire.mes.internal;

/**
 * Turns a PLC counter's raw readings into counted units. A counter that goes backwards has either wrapped (it was
 * near its modulo and is now near zero: the units across the wrap count) or been reset (everything else: it counts
 * again from zero, so the new reading is what was made since the reset). Never negative production.
 * Not thread-safe: one per counter, used under its line's lock.
 */
final class CounterTracker {

    private final long modulo;
    private long last = -1;

    /** @param modulo where the counter wraps, e.g. 2^32 for a UInt32 */
    CounterTracker(long modulo) {
        if (modulo < 2) {
            throw new IllegalArgumentException("modulo must be >= 2, got " + modulo);
        }
        this.modulo = modulo;
    }

    /** The units counted since the previous reading; the first reading only sets the base and counts 0. */
    long next(long raw) {
        if (raw < 0 || raw >= modulo) {
            throw new IllegalArgumentException("counter reading " + raw + " is outside 0.." + (modulo - 1));
        }
        long previous = last;
        last = raw;
        if (previous < 0) {
            return 0;
        }
        if (raw >= previous) {
            return raw - previous;
        }
        // backwards: a wrap when the step across the modulo is short (less than half the range), else a reset
        long acrossWrap = modulo - previous + raw;
        return acrossWrap < modulo / 2 ? acrossWrap : raw;
    }

    /** Forgets the base: the next reading counts 0 (e.g. after the connection to the PLC was lost). */
    void rebase() {
        last = -1;
    }

    /** The last reading, -1 before the first. */
    long last() {
        return last;
    }

    /**
     * Takes up a reading kept from before (a restart of the MES): the next reading counts what was made since, so
     * units made while the MES was stopped are not lost. -1 forgets the base, like {@link #rebase}.
     */
    void resumeFrom(long reading) {
        last = reading >= 0 && reading < modulo ? reading : -1;
    }
}
