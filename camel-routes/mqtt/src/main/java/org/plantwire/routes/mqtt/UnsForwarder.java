package org.plantwire.routes.mqtt;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.plantwire.api.Registration;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagInfo;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.api.spi.Switchable;
import org.plantwire.buffer.Buffer;
import org.plantwire.buffer.BufferClosedException;
import org.plantwire.buffer.BufferedEntry;
import org.plantwire.buffer.Buffers;
import org.plantwire.buffer.ForwarderStatus;
import org.plantwire.plant.PublisherConfig;
import org.plantwire.plant.Timing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One version of a unified namespace publisher: takes entries from the head of the publisher's durable buffer
 * (filled by the buffer bundle), publishes each to {@code <root>/<tag path>} as a {@link UnsPayload} with the
 * publisher's QoS and retain flag, and removes it from the buffer only when the broker acknowledged it (PUBACK for
 * QoS 1). Up to {@link #WINDOW} messages are in flight at once on Paho's asynchronous client; they are published in
 * buffer order on one connection, so every topic gets its values in order. When the connection drops, whatever was
 * not acknowledged is sent again from the head: at least once.
 *
 * <p>Make-before-break: it joins the {@link SwitchBoard} under the publisher's name. Standing by beside another
 * version it connects (with a client id of its own bundle, so the two never throw each other off the broker) but
 * forwards nothing; {@link #release} stops taking entries and waits (at most {@value #RELEASE_MILLIS} ms) for the
 * acknowledgements of what is in flight, leaving the rest in the buffer; {@link #takeOver} forwards from the head.
 */
final class UnsForwarder implements Switchable, ForwarderStatus, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UnsForwarder.class);
    /** Messages published and not yet acknowledged, at most. */
    static final int WINDOW = 1000;
    static final long RELEASE_MILLIS = 5_000;
    private static final long UNIT_CACHE_MILLIS = 10_000;
    private static final long BACKOFF_MIN_MILLIS = 250;
    private static final long BACKOFF_MAX_MILLIS = 5_000;

    private final PublisherConfig config;
    private final Buffers buffers;
    private final TagBus bus;
    private final SwitchBoard board;
    private final long bundleId;
    private final PublisherStatus status;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final Thread worker;

    /** Sequence numbers published and not yet acknowledged. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Object publishing = new Object();
    private final Map<String, String> units = new ConcurrentHashMap<>();
    private volatile long unitsValidUntil;
    private volatile boolean running = true;
    private volatile boolean active;
    /** Set when the connection dropped or a publish failed: start again from the head once nothing is in flight. */
    private volatile boolean rewind = true;
    private SwitchBoard.Seat seat;
    /** Worker thread only. */
    private Buffer buffer;
    private Registration attached;
    private Registration shown;

    /**
     * @param board    null: always active (no other version can exist, e.g. outside OSGi)
     * @param bundleId the bundle this runs in; part of the MQTT client id
     */
    UnsForwarder(PublisherConfig config, Buffers buffers, TagBus bus, SwitchBoard board, long bundleId) throws MqttException {
        this.config = config;
        this.buffers = buffers;
        this.bus = bus;
        this.board = board;
        this.bundleId = bundleId;
        this.status = new PublisherStatus(config, bus);
        String brokerUrl = AbstractMqttSession.brokerUrl(config.endpoint(), config.security());
        this.client = new MqttAsyncClient(brokerUrl, config.clientId() + "-" + bundleId, new MemoryPersistence());
        // no automatic reconnect and a clean session: after a drop, the buffer (not Paho) says what to send again
        this.options = MqttSession.options(brokerUrl, true, MqttConnectOptions.MQTT_VERSION_3_1_1,
                new Timing(0, 1, 10, 5_000, BACKOFF_MIN_MILLIS, BACKOFF_MAX_MILLIS), config.security());
        options.setMaxInflight(WINDOW);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                status.failed(cause);
                rewind = true;
                LockSupport.unpark(worker);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // publishes only
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // counted by the listener of each publish
            }
        });
        status.connectedWhen(client::isConnected);
        this.worker = new Thread(this::forward, "plantwire-uns-" + config.name() + "-" + bundleId);
        worker.setDaemon(true);
    }

    /** Joins the switch board (active unless another version is), then connects and forwards in its own thread. */
    synchronized void start() {
        if (board != null) {
            seat = board.join(this, bundleId);
            active = seat.active();
            if (!active) {
                LOG.info("Publisher {} (bundle {}) stands by", config.name(), bundleId);
            }
        } else {
            active = true;
        }
        if (active) {
            shown = status.register();
        }
        worker.start();
    }

    // ============================================================ forwarding (worker thread)

    private void forward() {
        long backoff = BACKOFF_MIN_MILLIS;
        long cursor = 0;
        long rewindSince = 0;
        while (running) {
            try {
                if (!client.isConnected()) {
                    if (!connect()) {
                        pause(backoff);
                        backoff = Math.min(backoff * 2, BACKOFF_MAX_MILLIS);
                        continue;
                    }
                    backoff = BACKOFF_MIN_MILLIS;
                    rewind = true;
                }
                Buffer b = buffer();
                if (b == null || !active) {
                    pause(100);
                    continue;
                }
                if (rewind) {
                    // what was in flight on a dropped connection is answered (failed) by Paho; wait for that, bounded
                    long now = System.currentTimeMillis();
                    rewindSince = rewindSince == 0 ? now : rewindSince;
                    if (!inFlight.isEmpty() && now - rewindSince < RELEASE_MILLIS) {
                        pause(10);
                        continue;
                    }
                    inFlight.clear();
                    cursor = 0;
                    rewind = false;
                    rewindSince = 0;
                }
                int room = WINDOW - inFlight.size();
                if (room <= 0) {
                    pause(50); // an acknowledgement unparks
                    continue;
                }
                List<BufferedEntry> entries = b.read(cursor, room);
                if (entries.isEmpty()) {
                    b.await(cursor, 100);
                    continue;
                }
                synchronized (publishing) { // release() waits for this batch, so nothing is published after it returns
                    for (BufferedEntry e : entries) {
                        if (!active || rewind || !running) {
                            break;
                        }
                        publish(b, e);
                        cursor = e.sequence();
                    }
                }
            } catch (BufferClosedException e) {
                detach(); // reconfigured: look it up again, send from its head
                rewind = true;
            } catch (MqttException e) {
                status.failed(e);
                rewind = true;
                pause(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                status.failed(e);
                LOG.warn("Publisher {}: {}", config.name(), e.toString(), e);
                rewind = true;
                pause(BACKOFF_MAX_MILLIS);
            }
        }
    }

    private boolean connect() {
        try {
            client.connect(options).waitForCompletion(options.getConnectionTimeout() * 1000L + 1000);
            LOG.info("Publisher {} (bundle {}) connected to {}", config.name(), bundleId, config.endpoint());
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_CONNECTED) {
                return true;
            }
            status.failed(new IllegalStateException("cannot connect to " + config.endpoint() + ": " + e.getMessage(), e));
            return false;
        }
    }

    private void publish(Buffer b, BufferedEntry e) throws MqttException {
        String path = e.path().toString();
        TagValue v = e.value();
        MqttMessage message = new MqttMessage(UnsPayload.encode(v.value(), v.quality(), v.sourceTime(), unit(path)));
        message.setQos(config.qos());
        message.setRetained(config.retained());
        long sequence = e.sequence();
        inFlight.add(sequence);
        try {
            client.publish(config.root().isEmpty() ? path : config.root() + "/" + path, message, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    try {
                        b.acknowledge(sequence);
                    } catch (BufferClosedException closed) {
                        // reopened meanwhile: it is sent again from the new head (at least once)
                    }
                    inFlight.remove(sequence);
                    status.sent();
                    LockSupport.unpark(worker);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    inFlight.remove(sequence);
                    rewind = true;
                    status.failed(failure);
                    LockSupport.unpark(worker);
                }
            });
        } catch (MqttException | RuntimeException failed) {
            inFlight.remove(sequence);
            throw failed;
        }
    }

    /** The open buffer, attached; null while the buffer bundle has none for this publisher. */
    private Buffer buffer() {
        if (buffer == null) {
            buffer = buffers.buffer(config.name()).orElse(null);
            if (buffer != null) {
                attached = buffer.attach(this);
            }
        }
        return buffer;
    }

    private void detach() {
        if (attached != null) {
            attached.close();
            attached = null;
        }
        buffer = null;
    }

    private static void pause(long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /**
     * The tag's unit, looked up once per tag and forgotten every {@value #UNIT_CACHE_MILLIS} ms (a plant file reload
     * may change it), so the publish path neither parses paths nor asks the bus for every change.
     */
    private String unit(String path) {
        long now = System.currentTimeMillis();
        if (now > unitsValidUntil) {
            units.clear();
            unitsValidUntil = now + UNIT_CACHE_MILLIS;
        }
        return units.computeIfAbsent(path, p -> bus.info(TagPath.of(p)).map(TagInfo::definition)
                .map(TagDefinition::unit).orElse(""));
    }

    // ============================================================ Switchable

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String kind() {
        return "publisher";
    }

    @Override
    public boolean ready() {
        return client.isConnected();
    }

    @Override
    public String notReadyReason() {
        return client.isConnected() ? null
                : "not connected to " + config.endpoint() + (status.lastError() == null ? "" : ": " + status.lastError());
    }

    /** Stops taking entries and waits (bounded) for the acknowledgements of those in flight; the rest stay buffered. */
    @Override
    public void release() {
        active = false;
        synchronized (publishing) {
            LockSupport.unpark(worker);
        }
        long deadline = System.currentTimeMillis() + RELEASE_MILLIS;
        while (!inFlight.isEmpty() && System.currentTimeMillis() < deadline) {
            pause(5);
        }
        if (!inFlight.isEmpty()) {
            LOG.warn("Publisher {} (bundle {}) released with {} messages unacknowledged; the next version sends them again",
                    config.name(), bundleId, inFlight.size());
        }
        rewind = true;
        LOG.info("Publisher {} (bundle {}) released and stands by", config.name(), bundleId);
    }

    @Override
    public void takeOver() {
        synchronized (this) {
            shown = status.register();
        }
        rewind = true;
        active = true;
        LockSupport.unpark(worker);
        LOG.info("Publisher {} (bundle {}) took over: forwarding from the head of its buffer", config.name(), bundleId);
    }

    // ============================================================ ForwarderStatus

    @Override
    public long bundleId() {
        return bundleId;
    }

    @Override
    public boolean active() {
        return active;
    }

    @Override
    public boolean connected() {
        return client.isConnected();
    }

    @Override
    public String lastError() {
        return status.lastError();
    }

    @Override
    public long lastErrorTime() {
        return status.lastErrorTime();
    }

    /**
     * Lets the in-flight messages be acknowledged (bounded), hands the work to a standby version if there is one,
     * then disconnects. What was not forwarded stays in the buffer.
     */
    @Override
    public void close() {
        if (active) {
            release();
        }
        synchronized (this) {
            if (seat != null) {
                seat.close();
                seat = null;
            }
        }
        running = false;
        LockSupport.unpark(worker);
        try {
            worker.join(RELEASE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        detach();
        try {
            if (client.isConnected()) {
                client.disconnect(1_000).waitForCompletion(2_000);
            }
        } catch (MqttException ignored) {
            // closing anyway
        }
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException ignored) {
            // not connected
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // nothing more to release
        }
        status.stopped();
        synchronized (this) {
            if (shown != null) {
                shown.close(); // displaced already if another version took over: then this changes nothing
                shown = null;
            }
        }
    }
}
