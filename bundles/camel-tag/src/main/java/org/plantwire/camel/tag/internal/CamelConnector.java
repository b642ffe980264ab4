package org.plantwire.camel.tag.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.plantwire.api.TagBus;
import org.plantwire.api.TagNotWritableException;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.ConnectorStatus;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.api.spi.Switchable;
import org.plantwire.api.spi.TagOwner;
import org.plantwire.api.spi.WriteRequest;
import org.plantwire.connector.StandbyPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector made of Camel endpoints: it owns the tags its {@code tag:} producers publish and the patterns
 * its {@code tag-write:} consumer claims, takes writes through that consumer, and counts messages and errors.
 * It is a {@link TagOwner} of the bus while at least one of its endpoints is started.
 *
 * <p>One instance per name and route bundle. With a {@link SwitchBoard}, a second version of the route bundle
 * stands by beside the running one: its {@code tag:} values are kept per tag, by the rule every connector follows
 * ({@link StandbyPublisher}), and its {@code tag-write:} route gets no writes, since only the active instance is the
 * tags' owner on the bus. A hand-over delivers what the old version did not.
 */
public final class CamelConnector implements TagOwner, Switchable {

    private static final Logger LOG = LoggerFactory.getLogger(CamelConnector.class);

    /** Handles writes; implemented by the tag-write consumer. */
    interface WriteHandler {
        CompletionStage<WriteResult> write(WriteRequest request);
    }

    private final String name;
    private final SwitchBoard board;
    private final long bundleId;
    private final StandbyPublisher publisher;
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
    private SwitchBoard.Seat seat;

    /**
     * @param board    the switch board to join, or null for always active
     * @param bundleId the route bundle whose routes make this connector
     */
    CamelConnector(String name, TagBus bus, SwitchBoard board, long bundleId, ConnectorRegistry registry) {
        this.name = name;
        this.board = board;
        this.bundleId = bundleId;
        this.publisher = new StandbyPublisher(bus, true);
        this.registry = registry;
    }

    long bundleId() {
        return bundleId;
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

    /**
     * An endpoint of this connector started: the first one joins the switch board and, when active, registers the
     * connector with the bus; standing by, it leaves the bus alone.
     */
    synchronized void endpointStarted() {
        if (users++ == 0) {
            state = ConnectorState.CONNECTED;
            if (board != null) {
                publisher.setActive(false); // until the board says otherwise
                seat = board.join(this, bundleId);
                if (!seat.active()) {
                    LOG.info("Connector {} (bundle {}) stands by", name, bundleId);
                    return;
                }
                publisher.setActive(true);
            }
            publisher.register(this);
            LOG.info("Connector {} registered with the tag bus, owning {}", name, claims);
        }
    }

    /**
     * An endpoint of this connector stopped: the last one leaves the switch board (a standby version takes over) and
     * unregisters it; with no other version, its tags turn uncertain(last-known).
     */
    synchronized void endpointStopped() {
        if (users > 0 && --users == 0) {
            if (seat != null) {
                seat.close();
                seat = null;
            }
            state = ConnectorState.STOPPED;
            publisher.unregister();
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

    /** A value from a {@code tag:} producer: to the bus while active, kept while standing by. */
    void publish(TagPath path, TagValue value) {
        publisher.publish(path, value);
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

    // ============================================================ Switchable

    @Override
    public String kind() {
        return "connector";
    }

    @Override
    public boolean ready() {
        return state == ConnectorState.CONNECTED;
    }

    @Override
    public String notReadyReason() {
        return ready() ? null : "its routes are " + state;
    }

    @Override
    public void release() {
        publisher.release();
        LOG.info("Connector {} (bundle {}) released its tags and stands by", name, bundleId);
    }

    @Override
    public void takeOver() {
        StandbyPublisher.Delivery d = publisher.takeOver(this);
        LOG.info("Connector {} (bundle {}) took over: {} values kept while standing by delivered, {} already delivered"
                + " or unchanged", name, bundleId, d.delivered(), d.skipped());
    }

    /** True while this instance publishes to the bus. */
    boolean isActive() {
        return publisher.isActive();
    }

    @Override
    public ConnectorStatus status() {
        return new ConnectorStatus(state, messages.get(), errors.get(), lastError, lastErrorTime);
    }
}
