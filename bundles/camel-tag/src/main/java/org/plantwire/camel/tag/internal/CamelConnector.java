package org.plantwire.camel.tag.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.plantwire.api.Registration;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagNotWritableException;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.ConnectorStatus;
import org.plantwire.api.spi.TagOwner;
import org.plantwire.api.spi.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector made of Camel endpoints: it owns the tags its {@code tag:} producers publish and the patterns
 * its {@code tag-write:} consumer claims, takes writes through that consumer, and counts messages and errors.
 * It is a {@link TagOwner} of the bus while at least one of its endpoints is started.
 */
public final class CamelConnector implements TagOwner {

    private static final Logger LOG = LoggerFactory.getLogger(CamelConnector.class);

    /** Handles writes; implemented by the tag-write consumer. */
    interface WriteHandler {
        CompletionStage<WriteResult> write(WriteRequest request);
    }

    private final String name;
    private final TagBus bus;
    private final ConnectorRegistry registry;
    private final List<TagPattern> claims = new CopyOnWriteArrayList<>();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile String protocol = "camel";
    private volatile String endpoint = "";
    private volatile String lastError;
    private volatile long lastErrorTime;
    private volatile WriteHandler writeHandler;
    private volatile ConnectorState state = ConnectorState.STARTING;
    private int users;
    private Registration registration;

    CamelConnector(String name, TagBus bus, ConnectorRegistry registry) {
        this.name = name;
        this.bus = bus;
        this.registry = registry;
    }

    /** Adds tags this connector owns; must happen before the first endpoint starts to affect tags published earlier. */
    void claim(TagPattern pattern) {
        if (!claims.contains(pattern)) {
            claims.add(pattern);
        }
    }

    void describe(String protocolName, String endpointText) {
        if (protocolName != null && !protocolName.isBlank()) {
            this.protocol = protocolName;
        }
        if (endpointText != null && !endpointText.isBlank()) {
            this.endpoint = endpointText;
        }
    }

    /** An endpoint of this connector started: the first one registers the connector with the bus. */
    synchronized void acquire() {
        if (users++ == 0) {
            state = ConnectorState.CONNECTED;
            registration = bus.registerOwner(this);
            LOG.info("Connector {} registered with the tag bus, owning {}", name, claims);
        }
    }

    /** An endpoint of this connector stopped: the last one unregisters it; its tags turn uncertain(last-known). */
    synchronized void release() {
        if (users > 0 && --users == 0) {
            state = ConnectorState.STOPPED;
            Registration r = registration;
            registration = null;
            if (r != null) {
                r.close();
            }
            registry.forget(this);
            LOG.info("Connector {} left the tag bus", name);
        }
    }

    void setWriteHandler(WriteHandler handler) {
        this.writeHandler = handler;
    }

    void clearWriteHandler(WriteHandler handler) {
        if (writeHandler == handler) {
            writeHandler = null;
        }
    }

    void countMessage() {
        messages.incrementAndGet();
    }

    void countError(String message) {
        errors.incrementAndGet();
        lastError = message;
        lastErrorTime = System.currentTimeMillis();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public boolean owns(TagPath path) {
        for (TagPattern p : claims) {
            if (p.matches(path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CompletionStage<WriteResult> write(WriteRequest request) {
        WriteHandler handler = writeHandler;
        if (handler == null) {
            throw new TagNotWritableException(request.path(), "Connector " + name + " owns " + request.path()
                    + " but takes no writes (it has no tag-write:" + name + " route)");
        }
        CompletableFuture<WriteResult> result = handler.write(request).toCompletableFuture();
        return result.whenComplete((r, e) -> {
            if (e != null) {
                countError("write " + request.path() + ": " + e.getMessage());
            } else if (!r.success()) {
                countError("write " + request.path() + ": " + r.message());
            }
        });
    }

    @Override
    public ConnectorStatus status() {
        return new ConnectorStatus(state, messages.get(), errors.get(), lastError, lastErrorTime);
    }
}
