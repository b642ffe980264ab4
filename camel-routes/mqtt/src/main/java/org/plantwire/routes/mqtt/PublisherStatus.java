package org.plantwire.routes.mqtt;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import org.plantwire.api.Registration;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.ConnectorStatus;
import org.plantwire.api.spi.TagOwner;
import org.plantwire.api.spi.WriteRequest;
import org.plantwire.plant.PublisherConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A publisher as plant:connectors shows it: registered with the bus as an owner of no tag, so it is listed with its
 * state, messages sent and errors. The active version of a publisher registers it (see {@link UnsForwarder}).
 */
final class PublisherStatus implements TagOwner {

    private static final Logger LOG = LoggerFactory.getLogger(PublisherStatus.class);

    private final PublisherConfig config;
    private final TagBus bus;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile ConnectorState state = ConnectorState.STARTING;
    private volatile String lastError;
    private volatile long lastErrorTime;
    private volatile long lastLogTime;

    private volatile java.util.function.BooleanSupplier connected = () -> false;

    PublisherStatus(PublisherConfig config, TagBus bus) {
        this.config = config;
        this.bus = bus;
    }

    /** Where the state comes from between messages: the MQTT client's connection. */
    void connectedWhen(java.util.function.BooleanSupplier supplier) {
        this.connected = supplier;
    }

    void sent() {
        sent.incrementAndGet();
        state = ConnectorState.CONNECTED;
    }

    void failed(Throwable e) {
        errors.incrementAndGet();
        state = ConnectorState.DISCONNECTED;
        lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        long now = System.currentTimeMillis();
        lastErrorTime = now;
        if (now - lastLogTime > 10_000) {
            lastLogTime = now;
            LOG.warn("Publisher {} cannot publish to {}: {}", config.name(), config.endpoint(), lastError);
        }
    }

    /** Shows this version in plant:connectors, in place of another version of the same publisher if there is one. */
    Registration register() {
        return bus.replaceOwner(this);
    }

    void stopped() {
        state = ConnectorState.STOPPED;
    }

    String lastError() {
        return lastError;
    }

    long lastErrorTime() {
        return lastErrorTime;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String protocol() {
        return config.protocol() + " (publisher)";
    }

    @Override
    public String endpoint() {
        return config.endpoint() + (config.root().isEmpty() ? "" : " " + config.root() + "/#");
    }

    @Override
    public boolean owns(TagPath path) {
        return false;
    }

    @Override
    public CompletionStage<WriteResult> write(WriteRequest request) {
        throw new UnsupportedOperationException("a publisher owns no tags");
    }

    @Override
    public ConnectorStatus status() {
        ConnectorState now = state;
        if (now != ConnectorState.STOPPED) {
            now = connected.getAsBoolean() ? ConnectorState.CONNECTED
                    : now == ConnectorState.STARTING ? ConnectorState.STARTING : ConnectorState.DISCONNECTED;
        }
        return new ConnectorStatus(now, sent.get(), errors.get(), lastError, lastErrorTime);
    }
}
