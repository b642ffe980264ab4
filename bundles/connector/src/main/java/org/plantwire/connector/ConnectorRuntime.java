package org.plantwire.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import org.plantwire.api.Quality;
import org.plantwire.api.Registration;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagNotWritableException;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.ConnectorStatus;
import org.plantwire.api.spi.TagOwner;
import org.plantwire.api.spi.WriteRequest;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.TagMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector's presence in the tag bus: it owns the tags of its tag map (known to the bus, with type, unit and
 * limits, before their first value), publishes device values through their {@link TagMapper}s, turns every tag
 * bad(not-connected) while the device is away, counts messages and errors, and hands writes to the protocol code.
 * Thread safe.
 */
public final class ConnectorRuntime implements TagOwner, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRuntime.class);

    /** Carries out a write on the device. */
    @FunctionalInterface
    public interface DeviceWriter {
        /**
         * @param mapping  the tag's mapping (address, encoding, ...)
         * @param rawValue the value for the device (after inverse scaling)
         * @return completes with the device's answer
         */
        CompletionStage<WriteResult> write(TagMapping mapping, Object rawValue, WriteRequest request) throws Exception;
    }

    private final ConnectorConfig config;
    private final TagBus bus;
    private final DeviceWriter writer;
    private final Map<TagPath, TagMapper> byPath = new LinkedHashMap<>();
    private final Map<String, TagMapper> byAddress = new LinkedHashMap<>();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile ConnectorState state = ConnectorState.STARTING;
    private volatile String lastError;
    private volatile long lastErrorTime;
    private volatile long lastLogTime;
    private Registration registration;

    public ConnectorRuntime(ConnectorConfig config, TagBus bus, DeviceWriter writer) {
        this.config = config;
        this.bus = bus;
        this.writer = writer;
        for (TagMapping m : config.tags()) {
            TagMapper mapper = new TagMapper(m);
            byPath.put(m.path(), mapper);
            byAddress.putIfAbsent(m.address(), mapper);
        }
    }

    public ConnectorConfig config() {
        return config;
    }

    /** The tag mappers, in tag map order. */
    public List<TagMapper> mappers() {
        return List.copyOf(byPath.values());
    }

    /** The mapper of a tag, or null when this connector does not map it. */
    public TagMapper mapperFor(TagPath path) {
        return byPath.get(path);
    }

    /** The mapper of a device address, or null. */
    public TagMapper mapperForAddress(String address) {
        return byAddress.get(address);
    }

    /** Registers with the bus: the tags become known, owned by this connector, and bad(not-connected) until data comes. */
    public synchronized void start() {
        if (registration == null) {
            registration = bus.registerOwner(this);
            long now = System.currentTimeMillis();
            for (TagMapper m : byPath.values()) {
                if (bus.read(m.mapping().path()).isEmpty()) {
                    bus.publish(m.mapping().path(), new TagValue(null, Quality.BAD_NOT_CONNECTED, now, now));
                }
            }
        }
    }

    /** Leaves the bus; the tags keep their last values as uncertain(last-known). */
    @Override
    public synchronized void close() {
        state = ConnectorState.STOPPED;
        if (registration != null) {
            registration.close();
            registration = null;
        }
    }

    /** The device is reachable and subscribed / polled. */
    public void connected() {
        if (state != ConnectorState.CONNECTED) {
            LOG.info("Connector {} connected to {}", config.name(), config.endpoint());
        }
        state = ConnectorState.CONNECTED;
    }

    /** The device went away: every tag turns bad(not-connected), keeping its last value. */
    public void disconnected(String reason) {
        boolean was = state == ConnectorState.CONNECTED || state == ConnectorState.STARTING;
        state = ConnectorState.DISCONNECTED;
        if (reason != null) {
            error(reason);
        }
        if (was) {
            LOG.warn("Connector {} lost {}: {}", config.name(), config.endpoint(), reason);
        }
        markAll(Quality.BAD_NOT_CONNECTED);
    }

    /** A configuration problem the connector cannot get past; its tags turn bad(config-error). */
    public void failed(String reason) {
        state = ConnectorState.FAILED;
        error(reason);
        markAll(Quality.BAD_CONFIG_ERROR);
    }

    private void markAll(Quality quality) {
        long now = System.currentTimeMillis();
        for (TagMapper m : byPath.values()) {
            TagPath path = m.mapping().path();
            TagValue current = bus.read(path).orElse(null);
            if (current == null || current.quality() != quality) {
                bus.publish(path, new TagValue(current == null ? null : current.value(), quality,
                        current == null ? now : current.sourceTime(), now));
            }
            synchronized (m) {
                m.reset();
            }
        }
    }

    /**
     * Publishes a raw device value to a tag: scaled, converted, deadband applied. A value that does not fit the
     * tag makes it bad(type-mismatch) and counts an error; the connector goes on.
     */
    public void publishRaw(TagMapper mapper, Object raw, Quality quality, long sourceTime) {
        messages.incrementAndGet();
        TagPath path = mapper.mapping().path();
        Object value;
        try {
            value = raw == null && !quality.isGood() ? null : mapper.toEngineering(raw);
        } catch (IllegalArgumentException e) {
            tagError(mapper, Quality.BAD_TYPE_MISMATCH, e.getMessage());
            return;
        }
        publishValue(mapper, value, quality, sourceTime);
    }

    /**
     * Publishes an engineering value (already converted with {@link TagMapper#toEngineering}) with the deadband
     * applied. Does not count a message: the caller counted what it received.
     */
    public void publishValue(TagMapper mapper, Object value, Quality quality, long sourceTime) {
        TagPath path = mapper.mapping().path();
        synchronized (mapper) {
            if (!mapper.shouldPublish(value, quality)) {
                return;
            }
        }
        long now = System.currentTimeMillis();
        if (value == null) {
            TagValue current = bus.read(path).orElse(null);
            value = current == null ? null : current.value();
        }
        bus.publish(path, new TagValue(value, quality, sourceTime > 0 ? sourceTime : now, now));
    }

    /** One tag cannot be read (e.g. the device does not know its address): it turns bad with the device's reason. */
    public void tagError(TagMapper mapper, Quality quality, String reason) {
        TagPath path = mapper.mapping().path();
        error(path + " (" + mapper.mapping().address() + "): " + reason);
        synchronized (mapper) {
            if (!mapper.shouldPublish(null, quality)) {
                return;
            }
        }
        long now = System.currentTimeMillis();
        TagValue current = bus.read(path).orElse(null);
        bus.publish(path, new TagValue(current == null ? null : current.value(), quality,
                current == null ? now : current.sourceTime(), now));
    }

    /** Counts an error; logs it at most every 10 s so a flapping device does not flood the log. */
    public void error(String message) {
        errors.incrementAndGet();
        lastError = message;
        long now = System.currentTimeMillis();
        lastErrorTime = now;
        if (now - lastLogTime > 10_000) {
            lastLogTime = now;
            LOG.warn("Connector {}: {}", config.name(), message);
        }
    }

    /** Counts a message exchanged with the device that carried no tag value (e.g. a batched read). */
    public void countMessage() {
        messages.incrementAndGet();
    }

    public ConnectorState state() {
        return state;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String protocol() {
        return config.protocol();
    }

    @Override
    public String endpoint() {
        return config.endpoint();
    }

    @Override
    public boolean owns(TagPath path) {
        return byPath.containsKey(path);
    }

    @Override
    public TagDefinition definition(TagPath path) {
        TagMapper m = byPath.get(path);
        return m == null ? null : m.mapping().definition();
    }

    @Override
    public Iterable<TagDefinition> definitions() {
        return Collections.unmodifiableList(byPath.values().stream().map(m -> m.mapping().definition()).toList());
    }

    @Override
    public CompletionStage<WriteResult> write(WriteRequest request) throws Exception {
        TagMapper m = byPath.get(request.path());
        if (m == null || !m.mapping().writable()) {
            throw new TagNotWritableException(request.path(), "Tag " + request.path() + " is not writable (connector "
                    + config.name() + ", writable: false in " + config.source() + ")");
        }
        if (state != ConnectorState.CONNECTED) {
            return CompletableFuture.completedFuture(WriteResult.failed(request.path(), request.value(),
                    "connector " + config.name() + " is " + state + ": " + (lastError == null ? "not connected" : lastError)));
        }
        CompletionStage<WriteResult> result = writer.write(m.mapping(), m.toRaw(request.value()), request);
        return result.whenComplete((r, e) -> {
            messages.incrementAndGet();
            if (e != null) {
                error("write " + request.path() + ": " + e.getMessage());
            } else if (!r.success()) {
                error("write " + request.path() + ": " + r.message());
            }
        });
    }

    @Override
    public ConnectorStatus status() {
        return new ConnectorStatus(state, messages.get(), errors.get(), lastError, lastErrorTime);
    }
}
