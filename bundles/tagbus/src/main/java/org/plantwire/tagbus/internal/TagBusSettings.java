package org.plantwire.tagbus.internal;

/**
 * The tag bus's tunables, from {@code etc/org.plantwire.tagbus.cfg} in Karaf or given directly in tests.
 *
 * @param queueCapacity      events a subscription may have waiting before the oldest is dropped, when the
 *                           subscriber does not choose its own capacity
 * @param writeTimeoutMillis how long a write waits for the owning connector's answer before it fails
 */
public record TagBusSettings(int queueCapacity, long writeTimeoutMillis) {

    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    public static final long DEFAULT_WRITE_TIMEOUT_MILLIS = 10_000;
    /** The largest queue capacity (the ring's length is a power of two). */
    public static final int MAX_QUEUE_CAPACITY = 1 << 30;

    public TagBusSettings {
        checkQueueCapacity(queueCapacity);
        if (writeTimeoutMillis < 1) {
            throw new IllegalArgumentException("writeTimeoutMillis must be at least 1, was " + writeTimeoutMillis);
        }
    }

    /** The defaults: 65536 queued events per subscription, 10 s write time-out. */
    public static TagBusSettings defaults() {
        return new TagBusSettings(DEFAULT_QUEUE_CAPACITY, DEFAULT_WRITE_TIMEOUT_MILLIS);
    }

    public TagBusSettings withQueueCapacity(int capacity) {
        return new TagBusSettings(capacity, writeTimeoutMillis);
    }

    public TagBusSettings withWriteTimeoutMillis(long millis) {
        return new TagBusSettings(queueCapacity, millis);
    }

    static void checkQueueCapacity(int capacity) {
        if (capacity < 1 || capacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("queue capacity must be between 1 and " + MAX_QUEUE_CAPACITY + ", was " + capacity);
        }
    }
}
