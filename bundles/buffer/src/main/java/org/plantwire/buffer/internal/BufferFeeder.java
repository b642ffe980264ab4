package org.plantwire.buffer.internal;

import java.util.Objects;

import org.plantwire.api.Subscription;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.plant.PublisherConfig;

/**
 * Appends every change of a publisher's tags to its buffer: a tag bus subscription that lives in the buffer bundle,
 * so changes are kept while the publisher's own bundle is stopped, upgraded or cannot reach its broker. It starts
 * with the current value of every matching tag (a publisher that was away gets the newest state).
 */
final class BufferFeeder implements AutoCloseable {

    /** Longest wait at close for the subscription to hand over what it has queued. */
    private static final long DRAIN_MILLIS = 2_000;

    private final PublisherConfig config;
    private final DurableQueue queue;
    private final Subscription subscription;

    BufferFeeder(PublisherConfig config, DurableQueue queue, TagBus bus) {
        this.config = config;
        this.queue = queue;
        this.subscription = bus.subscribe(config.pattern(), this::onTag, "buffer " + config.name(), 0, true);
    }

    private void onTag(TagPath path, TagValue value) {
        // the bus may offer a current value twice at the start, and again after a restart of this bundle: keep it once
        TagValue previous = queue.lastAppended(path);
        if (previous != null && previous.sourceTime() == value.sourceTime() && previous.quality() == value.quality()
                && Objects.equals(previous.value(), value.value())) {
            return;
        }
        queue.append(path, value);
    }

    PublisherConfig config() {
        return config;
    }

    /** Hands what the subscription has queued to the buffer (bounded), then stops; the buffer stays open. */
    @Override
    public void close() {
        long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
        while (subscription.queued() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        subscription.close();
    }
}
