package org.plantwire.tagbus.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Lets one log line through per interval; the others are counted so the next line can say how many were held back. */
final class LogLimiter {

    private final long intervalNanos;
    private final AtomicLong next;
    private final AtomicLong suppressed = new AtomicLong();

    LogLimiter(long interval, TimeUnit unit) {
        this.intervalNanos = unit.toNanos(interval);
        this.next = new AtomicLong(System.nanoTime());
    }

    /**
     * Returns -1 when this line should be held back, else how many lines were held back since the last one let
     * through.
     */
    long tryLog() {
        long now = System.nanoTime();
        long n = next.get();
        if (now - n >= 0 && next.compareAndSet(n, now + intervalNanos)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }
}
