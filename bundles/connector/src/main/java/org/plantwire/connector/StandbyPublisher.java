package org.plantwire.connector;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.plantwire.api.Registration;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.spi.TagOwner;

/**
 * The bus side of one instance of a connector that may stand by beside another version of itself
 * ({@link org.plantwire.api.spi.Switchable}): its registration as the tags' owner, and its values. Active, it
 * publishes to the bus; standing by, it keeps what it would have published, per tag. Going live it delivers, per tag, only what is newer than and different from the bus's
 * current value (what the previous instance did not deliver), then publishes live; until a tag's first live value
 * passes that same test, live values of the tag that the previous instance delivered already (this instance's
 * device session was behind the old one's) are dropped too. So the bus sees each device value once, in order.
 * Thread safe. Used by {@link ConnectorRuntime} and by the Camel {@code tag:} component's connectors.
 */
public final class StandbyPublisher {

    /** Values kept per tag while standing by; older ones are dropped (and counted). */
    public static final int VALUES_PER_TAG = 1_000;

    /** What {@link #goLive()} delivered of the values kept while standing by. */
    public record Delivery(int delivered, int skipped) {
    }

    private final TagBus bus;
    private volatile boolean active;
    /** Publishes between reading {@link #active} and finishing; {@link #release} waits for them. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Guards {@link #kept} and the switch from standing by to active. */
    private final Object lock = new Object();
    private final Map<TagPath, ArrayDeque<TagValue>> kept = new HashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    /** Since the last take-over: tags whose live values are no longer compared with the bus's value. */
    private final Set<TagPath> caughtUp = ConcurrentHashMap.newKeySet();
    private volatile boolean catchingUp;
    /** This instance's registration as owner of its tags; null while it is not the owner. */
    private Registration registration;

    /** @param active true to publish from the start, false to stand by */
    public StandbyPublisher(TagBus bus, boolean active) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.active = active;
    }

    /** True while values go to the bus; false while they are kept. */
    public boolean isActive() {
        return active;
    }

    /**
     * Sets the role without delivering or waiting: for joining a switch board (nothing is kept yet), and for going
     * back to standing by when taking over failed after {@link #goLive()}.
     */
    public void setActive(boolean active) {
        this.active = active;
    }

    /** To the bus while active (once caught up after a take-over); kept per tag while standing by. */
    public void publish(TagPath path, TagValue value) {
        inFlight.incrementAndGet();
        try {
            if (active) {
                publishLive(path, value);
                return;
            }
            synchronized (lock) {
                if (active) {
                    publishLive(path, value); // took over meanwhile, after delivering what was kept
                    return;
                }
                ArrayDeque<TagValue> values = kept.computeIfAbsent(path, p -> new ArrayDeque<>());
                if (values.size() >= VALUES_PER_TAG) {
                    values.removeFirst();
                    dropped.incrementAndGet();
                }
                values.addLast(value);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void publishLive(TagPath path, TagValue value) {
        if (catchingUp && !caughtUp.contains(path)) {
            if (!isNewChange(value, bus.read(path).orElse(null))) {
                return; // the previous instance delivered it already
            }
            caughtUp.add(path);
        }
        bus.publish(path, value);
    }

    /**
     * Publishes only when the value is newer than and different from the bus's current value, whatever the role
     * (e.g. a value re-read from the device when taking over).
     *
     * @return true when published
     */
    public boolean publishIfNew(TagPath path, TagValue value) {
        if (!active || !isNewChange(value, bus.read(path).orElse(null))) {
            return false;
        }
        bus.publish(path, value);
        return true;
    }

    /** Forgets what was kept (e.g. the standby's own device session was lost; it will read everything again). */
    public void forgetKept() {
        synchronized (lock) {
            kept.clear();
        }
    }

    /** Stops publishing: returns once no publish that saw this instance active is still under way. */
    public void release() {
        active = false;
        while (inFlight.get() > 0) {
            Thread.onSpinWait();
        }
        forgetKept();
    }

    /**
     * Delivers the kept values that are new changes to the bus, per tag in order, and goes live; until each tag's
     * first live value is a new change, live values that are not are dropped.
     */
    public Delivery goLive() {
        int delivered = 0;
        int skipped = 0;
        synchronized (lock) {
            caughtUp.clear();
            catchingUp = true;
            for (Map.Entry<TagPath, ArrayDeque<TagValue>> e : kept.entrySet()) {
                TagValue last = bus.read(e.getKey()).orElse(null);
                for (TagValue v : e.getValue()) {
                    if (isNewChange(v, last)) {
                        bus.publish(e.getKey(), v);
                        last = v;
                        delivered++;
                    } else {
                        skipped++;
                    }
                }
            }
            kept.clear();
            active = true;
        }
        return new Delivery(delivered, skipped);
    }

    /** Registers the instance as owner of its tags, unless it is registered. @return true when it registered now */
    public synchronized boolean register(TagOwner owner) {
        if (registration != null) {
            return false;
        }
        registration = bus.registerOwner(owner);
        return true;
    }

    /** Leaves the bus: unless another instance owns them now, the tags keep their values as uncertain(last-known). */
    public synchronized void unregister() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
    }

    /**
     * Takes the tags over from the previous instance, released already, in one step ({@link TagBus#replaceOwner}),
     * then {@link #goLive()}.
     */
    public Delivery takeOver(TagOwner owner) {
        Registration previous;
        synchronized (this) {
            previous = registration;
            registration = bus.replaceOwner(owner);
        }
        if (previous != null) {
            previous.close(); // displaced by now: owns nothing, closing changes nothing
        }
        return goLive();
    }

    /** Values dropped because more than {@link #VALUES_PER_TAG} were kept for a tag. */
    public long dropped() {
        return dropped.get();
    }

    /** Newer than the bus's value and different from it: not a duplicate of what the previous instance delivered. */
    public static boolean isNewChange(TagValue v, TagValue last) {
        if (last == null) {
            return true;
        }
        if (v.sourceTime() < last.sourceTime()) {
            return false;
        }
        return v.quality() != last.quality() || !Objects.equals(v.value(), last.value());
    }
}
