package org.plantwire.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import org.plantwire.api.Quality;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagNotWritableException;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.ConnectorStatus;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.api.spi.Switchable;
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
 *
 * <p>With a {@link SwitchBoard}, a second instance of the same connector (a new version of its bundle, installed
 * beside the running one) starts <em>standing by</em>: the protocol code connects and receives as usual, but the
 * values are kept here, per tag, instead of published. When it takes over, it replaces the old instance as owner of
 * the tags in one step and publishes, per tag, only what is newer than and different from the bus's current value
 * (no duplicates of what the old instance delivered), then goes on live, dropping a tag's live values that the old
 * instance delivered already until one is new ({@link StandbyPublisher}). The protocol code learns of the switch
 * through its {@link Handover}.
 */
public final class ConnectorRuntime implements TagOwner, Switchable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRuntime.class);
    /** Returned by {@link #engineering} for a raw value that does not fit its tag. */
    private static final Object UNFIT = new Object();

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
    /** What the protocol code does when this instance releases its device or takes over. */
    public interface Handover {
        /**
         * Stop delivering: return once no more values will come from the device session that only one instance may
         * hold (e.g. an MQTT persistent session). Protocols whose sessions can run side by side do nothing.
         */
        default void release() {
        }

        /**
         * About to take over, the old instance still active: e.g. open the connection for the session the old one
         * will release, holding the session request back until {@link #activate}.
         */
        default void prepare() throws Exception {
        }

        /** This instance is active now: e.g. open the session released by the old one, re-read current values. */
        default void activate() throws Exception {
        }

        /** Standing by, true when the protocol code is ready to take over; by default, when connected. */
        default boolean ready(ConnectorRuntime runtime) {
            return runtime.state() == ConnectorState.CONNECTED;
        }
    }

    private final SwitchBoard board;
    private final long bundleId;
    private volatile Handover handover = new Handover() {
    };
    private SwitchBoard.Seat seat;
    /** To the bus while active, kept per tag while standing by. */
    private final StandbyPublisher publisher;
    private final Map<TagPath, TagMapper> byPath = new LinkedHashMap<>();
    private final Map<String, TagMapper> byAddress = new LinkedHashMap<>();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile ConnectorState state = ConnectorState.STARTING;
    private volatile String lastError;
    private volatile long lastErrorTime;
    private volatile long lastLogTime;

    public ConnectorRuntime(ConnectorConfig config, TagBus bus, DeviceWriter writer) {
        this(config, bus, writer, null, -1);
    }

    /**
     * @param board    the switch board that decides whether this instance is active, or null for always active
     * @param bundleId the bundle this instance runs in (tells versions apart on the switch board)
     */
    public ConnectorRuntime(ConnectorConfig config, TagBus bus, DeviceWriter writer, SwitchBoard board, long bundleId) {
        this.config = config;
        this.bus = bus;
        this.writer = writer;
        this.board = board;
        this.bundleId = bundleId;
        this.publisher = new StandbyPublisher(bus, true);
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

    /** How the protocol code takes part in a hand-over; set before {@link #start}. */
    public void onHandover(Handover handover) {
        this.handover = Objects.requireNonNull(handover, "handover");
    }

    /** True while this instance publishes to the bus; false while it stands by beside another version. */
    public boolean isActive() {
        return publisher.isActive();
    }

    /**
     * Joins the switch board, then, when active, registers with the bus: the tags become known, owned by this
     * connector, and bad(not-connected) until data comes. Standing by, it leaves the bus alone.
     */
    public synchronized void start() {
        if (board != null && seat == null) {
            publisher.setActive(false); // until the board says otherwise: nothing reaches the bus from a standby instance
            seat = board.join(this, bundleId);
            if (!seat.active()) {
                LOG.info("Connector {} (bundle {}) stands by", config.name(), bundleId);
                return;
            }
            publisher.setActive(true);
        }
        if (publisher.register(this)) {
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
        if (seat != null) {
            seat.close(); // a standby instance of this connector takes over now, before our tags could turn uncertain
            seat = null;
        }
        state = ConnectorState.STOPPED;
        publisher.unregister();
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
        if (reason != null) {
            error(reason);
        }
        markAll(Quality.BAD_NOT_CONNECTED); // first: whoever sees the state disconnected finds the tags bad already
        state = ConnectorState.DISCONNECTED;
        if (was) {
            LOG.warn("Connector {} lost {}: {}", config.name(), config.endpoint(), reason);
        }
    }

    /** A configuration problem the connector cannot get past; its tags turn bad(config-error). */
    public void failed(String reason) {
        state = ConnectorState.FAILED;
        error(reason);
        markAll(Quality.BAD_CONFIG_ERROR);
    }

    private void markAll(Quality quality) {
        long now = System.currentTimeMillis();
        boolean standingBy = !publisher.isActive(); // the active instance's device may be fine: the bus hears nothing of ours
        if (standingBy) {
            publisher.forgetKept();
        }
        for (TagMapper m : byPath.values()) {
            TagPath path = m.mapping().path();
            TagValue current = bus.read(path).orElse(null);
            if (!standingBy && (current == null || current.quality() != quality)) {
                emit(path, new TagValue(current == null ? null : current.value(), quality,
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
        Object value = engineering(mapper, raw, quality);
        if (value != UNFIT) {
            publishValue(mapper, value, quality, sourceTime);
        }
    }

    /** The raw value converted for its tag (null for a bad one without value); UNFIT, the tag made bad, if it does not fit. */
    private Object engineering(TagMapper mapper, Object raw, Quality quality) {
        try {
            return raw == null && !quality.isGood() ? null : mapper.toEngineering(raw);
        } catch (IllegalArgumentException e) {
            tagError(mapper, Quality.BAD_TYPE_MISMATCH, e.getMessage());
            return UNFIT;
        }
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
        emit(path, new TagValue(value, quality, sourceTime > 0 ? sourceTime : now, now));
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
        emit(path, new TagValue(current == null ? null : current.value(), quality,
                current == null ? now : current.sourceTime(), now));
    }

    /** To the bus while active; kept per tag while standing by. */
    private void emit(TagPath path, TagValue value) {
        publisher.publish(path, value);
    }

    /**
     * A raw value read from the device again after taking over (e.g. by {@link Handover#activate}): published only
     * when it is newer than and different from the bus's current value, whatever the deadband, since the bus may
     * still hold what the previous instance delivered. Counts a message.
     *
     * @return true when published
     */
    public boolean publishRawIfNew(TagMapper mapper, Object raw, Quality quality, long sourceTime) {
        messages.incrementAndGet();
        Object value = engineering(mapper, raw, quality);
        if (value == UNFIT) {
            return false;
        }
        TagPath path = mapper.mapping().path();
        long now = System.currentTimeMillis();
        if (value == null) {
            value = bus.read(path).map(TagValue::value).orElse(null);
        }
        synchronized (mapper) {
            if (!publisher.publishIfNew(path, new TagValue(value, quality, sourceTime > 0 ? sourceTime : now, now))) {
                return false;
            }
            mapper.reset();
            mapper.shouldPublish(value, quality); // the deadband goes on from the value the bus holds now
        }
        return true;
    }

    // ============================================================ Switchable

    @Override
    public String kind() {
        return "connector";
    }

    @Override
    public boolean ready() {
        return handover.ready(this);
    }

    @Override
    public String notReadyReason() {
        if (ready()) {
            return null;
        }
        return state + (lastError != null ? ": " + lastError : "");
    }

    @Override
    public void prepareTakeOver() throws Exception {
        handover.prepare();
    }

    @Override
    public void release() {
        long start = System.nanoTime();
        handover.release(); // first: what the device session delivers until it is closed still goes to the bus
        publisher.release();
        LOG.info("Connector {} (bundle {}) released its tags in {} ms and stands by", config.name(), bundleId,
                (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void takeOver() throws Exception {
        long start = System.nanoTime();
        StandbyPublisher.Delivery d = publisher.takeOver(this);
        try {
            handover.activate();
        } catch (Exception | LinkageError e) {
            publisher.setActive(false);
            throw e;
        }
        LOG.info("Connector {} (bundle {}) took over in {} ms: {} values kept while standing by delivered, {} already"
                + " delivered or unchanged", config.name(), bundleId, (System.nanoTime() - start) / 1_000_000, d.delivered(),
                d.skipped());
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
