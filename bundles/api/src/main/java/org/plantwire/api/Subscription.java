package org.plantwire.api;

/**
 * A live subscription to the tags matching a pattern. Each subscription has its own bounded queue and
 * delivery thread, so a slow or failing listener never holds up the publisher or other subscribers:
 * when its queue is full the oldest queued event is dropped and counted in {@link #dropped()}.
 */
public interface Subscription extends AutoCloseable {

    TagPattern pattern();

    /** Name given at subscription, for diagnostics. */
    String name();

    /** Events handed to the listener. */
    long delivered();

    /** Events dropped because the queue was full (the listener was too slow). */
    long dropped();

    /** Events the listener threw on. */
    long failed();

    /** Events waiting in the queue now. */
    int queued();

    /** Queue capacity. */
    int capacity();

    /** Stops delivery; queued events are discarded. Idempotent. */
    @Override
    void close();
}
