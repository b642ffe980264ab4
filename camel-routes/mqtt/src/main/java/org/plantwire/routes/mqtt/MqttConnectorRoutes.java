package org.plantwire.routes.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.plantwire.api.DeadLetter;
import org.plantwire.api.DeadLetters;
import org.plantwire.api.Quality;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagValue;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.api.spi.WriteRequest;
import org.plantwire.connector.ConnectorRuntime;
import org.plantwire.connector.TagMapper;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.TagMapping;

/**
 * One MQTT connector: subscribes (QoS from the plant file, persistent session) to the topics of its tag map and
 * feeds each message into the tags mapped to that topic. What does not fit a tag (malformed JSON, no value at the
 * pointer, wrong type) goes to the dead letters with topic and reason; the route goes on. Topics are grouped by their
 * first level into one subscription ({@code <level>/#}) each, so a connector with many topics uses few clients.
 *
 * <p>The clients are {@link MqttSession}s owned by the connector. A supervisor route connects them (retrying while
 * the broker is away, so a broker that is down at start-up is no error), starts the subscriptions once connected and
 * reports the connection in {@code plant:connectors}; Paho reconnects by itself and camel-paho subscribes again on
 * reconnect. With a persistent session (cleanSession false, the default) the broker keeps QoS 1 messages for the
 * connector while it is away. Writes publish the value as text to {@code <topic>/set}. MQTT 3.1.1 by default,
 * MQTT 5 with {@code options: {version: 5}}.
 *
 * <p>Upgrades: a persistent session belongs to one client id, so two versions of this connector cannot both hold it.
 * A new version stands by with only its write client connected (own client id per bundle), which shows the broker and
 * the credentials work. At the switch-over the old version disconnects its subscription clients cleanly (the
 * messages in hand are processed and acknowledged first) and the new one connects with the same client ids: the
 * broker delivers what arrived in between from the session, nothing is lost. The new version prepares those connects
 * before the old one lets go (connection open, Paho's threads started, CONNECT held back: {@link HeldConnect}), so
 * the switch-over waits only for the CONNECT round trip. A message the broker marks as a
 * redelivery or as retained that carries the tag's current value is not published again.
 */
final class MqttConnectorRoutes extends RouteBuilder {

    static final String TOPIC_HEADER = "CamelMqttTopic";
    /** Longest wait for the subscription clients to prepare a hand-over; without, they connect in full after it. */
    private static final long PREPARE_MILLIS = 3_000;

    private final ConnectorConfig config;
    private final TagBus bus;
    private final DeadLetters deadLetters;
    private final SwitchBoard board;
    private final long bundleId;
    private final Map<String, List<TagMapper>> byTopic = new LinkedHashMap<>();
    /** Subscription route id to its client. */
    private final Map<String, MqttClientSession> inbound = new LinkedHashMap<>();
    private MqttClientSession writeSession;
    private ConnectorRuntime runtime;
    private ProducerTemplate producer;
    /** Set while the subscription clients are being handed to another version: the supervisor leaves them alone. */
    private volatile boolean released;

    MqttConnectorRoutes(ConnectorConfig config, TagBus bus, DeadLetters deadLetters) {
        this(config, bus, deadLetters, null, -1);
    }

    /** With a switch board: a second version of this connector stands by until it takes over. */
    MqttConnectorRoutes(ConnectorConfig config, TagBus bus, DeadLetters deadLetters, SwitchBoard board, long bundleId) {
        this.config = config;
        this.bus = bus;
        this.deadLetters = deadLetters;
        this.board = board;
        this.bundleId = bundleId;
    }

    @Override
    public void configure() throws Exception {
        runtime = new ConnectorRuntime(config, bus, this::write, board, bundleId);
        runtime.onHandover(new ConnectorRuntime.Handover() {
            @Override
            public void prepare() throws InterruptedException {
                prepareSubscriptions();
            }

            @Override
            public void release() {
                releaseSubscriptions();
            }

            @Override
            public void activate() {
                released = false;
                supervise(); // at once: the broker holds this connector's messages until it subscribes again
            }
        });
        for (TagMapper m : runtime.mappers()) {
            byTopic.computeIfAbsent(m.mapping().address(), t -> new ArrayList<>()).add(m);
        }
        getContext().addService(new ServiceSupport() {
            @Override
            protected void doStart() {
                runtime.start();
            }

            @Override
            protected void doStop() {
                runtime.close();
            }
        }, true, true);

        String clientId = config.option("clientId", "plantwire-" + config.name());
        boolean clean = Boolean.parseBoolean(config.option("cleanSession", "false"));
        int n = 0;
        for (String filter : topicFilters(byTopic.keySet())) {
            String routeId = config.name() + "-in-" + n;
            // the supervisor connects it, and only while this instance is active: connecting takes the session over
            MqttClientSession session = session(clientId + "-" + n, clean, "mqtt-in-" + n++, false);
            inbound.put(routeId, session);
            from(pahoUri(session, filter, "mqtt-in-" + (n - 1))).routeId(routeId).autoStartup(false)
                    .process(this::inbound);
        }
        // one write client per bundle: the old and the new version of this connector run side by side during an upgrade
        writeSession = session(clientId + "-out" + (bundleId >= 0 ? "-" + bundleId : ""), true, "mqtt-out", true);
        from("direct:" + config.name() + "-write").routeId(config.name() + "-write").autoStartup(false)
                .to(pahoUri(writeSession, config.name() + "/set", "mqtt-out") + "&retained=false");
        from("timer:" + config.name() + "-supervisor?delay=0&period=" + config.timing().reconnectMinMillis())
                .routeId(config.name() + "-supervisor")
                .process(e -> supervise());
    }

    /** A client of this connector, closed with its CamelContext, bound in the registry for paho endpoints. */
    private MqttClientSession session(String clientId, boolean cleanSession, String beanName, boolean connectOnStart)
            throws Exception {
        MqttClientSession session = MqttClientSession.create(config.option("version", "3.1.1"), config.endpoint(), clientId,
                cleanSession, config.timing(), config.security());
        session.connectOnStart(connectOnStart);
        getContext().addService(session, true, false);
        getContext().getRegistry().bind(beanName, session.client());
        return session;
    }

    /** Exact topics grouped by first level: one topic alone is subscribed as it is, several as {@code level/#}. */
    static List<String> topicFilters(Iterable<String> topics) {
        Map<String, List<String>> groups = new TreeMap<>();
        for (String t : topics) {
            int slash = t.indexOf('/');
            groups.computeIfAbsent(slash < 0 ? t : t.substring(0, slash), k -> new ArrayList<>()).add(t);
        }
        List<String> filters = new ArrayList<>();
        groups.forEach((level, list) -> filters.add(list.size() == 1 ? list.get(0) : level + "/#"));
        return filters;
    }

    private void inbound(Exchange exchange) {
        String topic = exchange.getMessage().getHeader(TOPIC_HEADER, String.class);
        List<TagMapper> mappers = byTopic.get(topic);
        if (mappers == null) {
            return; // another topic under a shared subscription: not ours
        }
        boolean replay = writeSession.isReplay(exchange.getMessage()); // every session of one connector speaks one version
        runtime.countMessage();
        MqttPayload payload = new MqttPayload(exchange.getMessage().getBody(byte[].class));
        long now = System.currentTimeMillis();
        if (mappers.stream().anyMatch(m -> m.mapping().jsonPointer() != null)) {
            try {
                payload.requireJson();
            } catch (MqttPayload.Refused refused) {
                runtime.error("topic " + topic + ": " + refused.getMessage());
                deadLetters.add(new DeadLetter(now, config.name(), topic, refused.getMessage(), payload.text()));
                return;
            }
        }
        for (TagMapper mapper : mappers) {
            Object value;
            try {
                Object raw = payload.rawValue(mapper);
                try {
                    value = mapper.toEngineering(raw);
                } catch (IllegalArgumentException e) {
                    throw new MqttPayload.Refused(e.getMessage());
                }
            } catch (MqttPayload.Refused refused) {
                String reason = mapper.mapping().path() + ": " + refused.getMessage();
                runtime.error("topic " + topic + ": " + reason);
                deadLetters.add(new DeadLetter(now, config.name(), topic, reason, payload.text()));
                continue;
            }
            if (replay && isCurrent(mapper, value)) {
                continue; // seen before: redelivered after a switch-over or a reconnect, or retained and sent again
            }
            runtime.publishValue(mapper, value, Quality.GOOD, now);
        }
    }

    private boolean isCurrent(TagMapper mapper, Object value) {
        TagValue current = bus.read(mapper.mapping().path()).orElse(null);
        return current != null && current.quality() == Quality.GOOD && java.util.Objects.equals(current.value(), value);
    }

    /**
     * About to take the sessions over: the subscription clients connect as far as they can without taking the
     * sessions (connection open, Paho started, CONNECT held back), so the switch-over waits only for the CONNECT.
     */
    private void prepareSubscriptions() throws InterruptedException {
        for (MqttClientSession session : inbound.values()) {
            session.prepareConnect();
        }
        long end = System.currentTimeMillis() + PREPARE_MILLIS;
        for (MqttClientSession session : inbound.values()) {
            session.awaitPrepared(Math.max(1, end - System.currentTimeMillis()));
        }
    }

    /** Hands the subscription clients' sessions to the next version: disconnect cleanly, then stop the routes. */
    private void releaseSubscriptions() {
        synchronized (this) { // waits for a supervisor run in progress, which might be connecting these clients
            released = true;
        }
        for (Map.Entry<String, MqttClientSession> e : inbound.entrySet()) {
            e.getValue().release();
            try {
                getContext().getRouteController().stopRoute(e.getKey());
            } catch (Exception ex) {
                runtime.error("stop " + e.getKey() + ": " + rootMessage(ex));
            }
        }
    }

    /**
     * Connects the clients that never connected yet (Paho reconnects the others), starts the subscriptions whose
     * client is connected, and reports the connection state.
     */
    private synchronized void supervise() {
        if (!runtime.isActive() || released) {
            superviseStandby();
            return;
        }
        boolean allConnected = true;
        String problem = null;
        for (Map.Entry<String, MqttClientSession> e : inbound.entrySet()) {
            MqttClientSession session = e.getValue();
            if (!session.ensureConnected()) {
                allConnected = false;
                problem = session.lastError() != null ? session.lastError() : "connection to " + config.endpoint() + " lost; reconnecting";
                continue;
            }
            String routeId = e.getKey();
            if (!getContext().getRouteController().getRouteStatus(routeId).isStarted()) {
                try {
                    getContext().getRouteController().startRoute(routeId);
                } catch (Exception ex) {
                    allConnected = false;
                    problem = "cannot subscribe at " + config.endpoint() + ": " + rootMessage(ex);
                }
            }
        }
        if (writeSession.ensureConnected()) {
            String writeRoute = config.name() + "-write";
            if (!getContext().getRouteController().getRouteStatus(writeRoute).isStarted()) {
                try {
                    getContext().getRouteController().startRoute(writeRoute);
                } catch (Exception ex) {
                    problem = "cannot publish to " + config.endpoint() + ": " + rootMessage(ex);
                }
            }
        }
        if (allConnected) {
            runtime.connected();
        } else if (runtime.state() != ConnectorState.DISCONNECTED) {
            runtime.disconnected(problem);
        }
    }

    /** Standing by: only the write client connects, to show the broker and the credentials work. */
    private void superviseStandby() {
        if (writeSession.ensureConnected()) {
            runtime.connected();
        } else if (runtime.state() != ConnectorState.DISCONNECTED) {
            runtime.disconnected(writeSession.lastError() != null ? writeSession.lastError()
                    : "connection to " + config.endpoint() + " lost; reconnecting");
        }
    }

    private CompletionStage<WriteResult> write(TagMapping mapping, Object raw, WriteRequest request) {
        if (producer == null) {
            producer = getContext().createProducerTemplate();
        }
        String topic = mapping.address() + "/set";
        return producer.asyncRequestBodyAndHeader("direct:" + config.name() + "-write", String.valueOf(raw),
                        writeSession.overrideTopicHeader(), topic)
                .handle((r, e) -> e == null ? WriteResult.ok(request.path(), request.value(), "published to " + topic)
                        : WriteResult.failed(request.path(), request.value(), "cannot publish to " + topic + ": " + rootMessage(e)));
    }

    /** A paho endpoint on one of this connector's own clients. */
    private String pahoUri(MqttClientSession session, String topic, String clientBean) {
        return session.scheme() + ":" + topic + "?client=#" + clientBean + "&qos=" + config.intOption("qos", 1);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
