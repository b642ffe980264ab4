package org.plantwire.tagbus.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;

/**
 * One tag in the bus: its current value, its update count, and two caches that spare the publish path any
 * pattern matching or owner lookup: the subscriptions matching the tag and the owner claiming it, each stamped
 * with the version of the bus's subscription or owner list it was computed from.
 */
final class TagEntry {

    private static final VarHandle VALUE;
    private static final VarHandle UPDATES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VALUE = l.findVarHandle(TagEntry.class, "value", TagValue.class);
            UPDATES = l.findVarHandle(TagEntry.class, "updates", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final TagPath path;
    private volatile TagValue value;
    private volatile long updates;

    /**
     * Matching subscriptions. A plain field: a {@link Routes} is immutable (final fields) and a stale one only causes a
     * recomputation, since its version no longer matches.
     */
    Routes routes;
    /** The claiming owner; plain field for the same reason. */
    OwnerRoute ownerRoute;

    TagEntry(TagPath path) {
        this.path = path;
    }

    TagValue value() {
        return value;
    }

    long updates() {
        return updates;
    }

    /** Stores a published value and counts it. */
    void set(TagValue v) {
        // a release store is enough to publish the (immutable) value; the atomic add that follows fences anyway
        VALUE.setRelease(this, v);
        UPDATES.getAndAdd(this, 1L);
    }

    /** Replaces the value only if it is still {@code expected}; counts it when it does. */
    boolean replace(TagValue expected, TagValue v) {
        if (VALUE.compareAndSet(this, expected, v)) {
            UPDATES.getAndAdd(this, 1L);
            return true;
        }
        return false;
    }

    /** The subscriptions matching this tag, computed for one version of the subscription list. */
    static final class Routes {
        final long version;
        final SubscriptionImpl[] subscriptions;

        Routes(long version, SubscriptionImpl[] subscriptions) {
            this.version = version;
            this.subscriptions = subscriptions;
        }
    }

    /** The owner claiming this tag (or null), computed for one version of the owner list. */
    static final class OwnerRoute {
        final long version;
        final OwnerRegistration owner;

        OwnerRoute(long version, OwnerRegistration owner) {
            this.version = version;
            this.owner = owner;
        }
    }
}
