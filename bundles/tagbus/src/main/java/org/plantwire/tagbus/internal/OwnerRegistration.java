package org.plantwire.tagbus.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.plantwire.api.Registration;
import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagPath;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.ConnectorStatus;
import org.plantwire.api.spi.TagOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registered {@link TagOwner}, shielding the bus from a connector that throws: every call into the connector's
 * code is guarded, and failures are logged at most once per 10 s per connector.
 */
final class OwnerRegistration implements Registration {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerRegistration.class);

    final String name;
    /** Registration order: the earlier registered owner wins a tag both claim. */
    final long order;
    /** Cleared on close, so stale caches that still point here do not keep the connector's classes alive. */
    private volatile TagOwner owner;
    /** What {@link TagOwner#definitions()} gave at registration; cleared on close. */
    private volatile Map<TagPath, TagDefinition> definitions;
    private final Consumer<OwnerRegistration> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LogLimiter errorLog = new LogLimiter(10, TimeUnit.SECONDS);

    OwnerRegistration(TagOwner owner, String name, long order, Map<TagPath, TagDefinition> definitions,
                      Consumer<OwnerRegistration> onClose) {
        this.owner = owner;
        this.name = name;
        this.order = order;
        this.definitions = definitions;
        this.onClose = onClose;
    }

    /** The connector, or null once the registration is closed. */
    TagOwner owner() {
        return owner;
    }

    boolean isOpen() {
        return !closed.get();
    }

    /** True when the connector claims the tag: it defines it up front, or {@link TagOwner#owns} says so. */
    boolean claims(TagPath path) {
        TagOwner o = owner;
        Map<TagPath, TagDefinition> defs = definitions;
        if (o == null || defs == null) {
            return false;
        }
        if (defs.containsKey(path)) {
            return true;
        }
        try {
            return o.owns(path);
        } catch (RuntimeException | LinkageError e) {
            logError("owns(" + path + ")", e);
            return false;
        }
    }

    /** The tag's definition from the connector, else the one it gave up front, else null. */
    TagDefinition definition(TagPath path) {
        TagOwner o = owner;
        Map<TagPath, TagDefinition> defs = definitions;
        if (o == null || defs == null) {
            return null;
        }
        TagDefinition d = null;
        try {
            d = o.definition(path);
        } catch (RuntimeException | LinkageError e) {
            logError("definition(" + path + ")", e);
        }
        return d != null ? d : defs.get(path);
    }

    String protocol() {
        TagOwner o = owner;
        try {
            return o == null ? "" : String.valueOf(o.protocol());
        } catch (RuntimeException | LinkageError e) {
            logError("protocol()", e);
            return "?";
        }
    }

    String endpoint() {
        TagOwner o = owner;
        try {
            return o == null ? "" : String.valueOf(o.endpoint());
        } catch (RuntimeException | LinkageError e) {
            logError("endpoint()", e);
            return "?";
        }
    }

    ConnectorStatus status() {
        TagOwner o = owner;
        if (o == null) {
            return ConnectorStatus.of(ConnectorState.STOPPED);
        }
        try {
            ConnectorStatus s = o.status();
            return s != null ? s : ConnectorStatus.of(ConnectorState.STARTING);
        } catch (RuntimeException | LinkageError e) {
            logError("status()", e);
            return new ConnectorStatus(ConnectorState.FAILED, 0, 1, "status() failed: " + e, System.currentTimeMillis());
        }
    }

    void logError(String call, Throwable e) {
        long suppressed = errorLog.tryLog();
        if (suppressed >= 0) {
            LOG.warn("Connector '{}': {} failed: {} ({} similar errors not logged since the last report)", name, call, e,
                    suppressed, e);
        }
    }

    /** Unregisters the connector: its tags keep their last value as uncertain(last-known). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
            owner = null;
            definitions = null;
        }
    }

    @Override
    public String toString() {
        return "TagOwner[" + name + "]";
    }
}
