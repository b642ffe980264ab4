package org.plantwire.routes.mqtt;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.plantwire.api.DeadLetter;
import org.plantwire.api.DeadLetters;
import org.plantwire.api.Quality;
import org.plantwire.api.TagBus;
import org.plantwire.api.WriteResult;
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
 * <p>A supervisor route starts the subscriptions (retrying while the broker is away, so a broker that is down at
 * start-up is no error) and follows the clients' connection for {@code plant:connectors}; Paho reconnects by itself
 * and camel-paho subscribes again on reconnect. Writes publish the value as text to {@code <topic>/set}.
 */
final class MqttConnectorRoutes extends RouteBuilder {

    static final String TOPIC_HEADER = "CamelMqttTopic";
    static final String OVERRIDE_TOPIC = "CamelPahoOverrideTopic";

    private final ConnectorConfig config;
    private final TagBus bus;
    private final DeadLetters deadLetters;
    private final Map<String, List<TagMapper>> byTopic = new LinkedHashMap<>();
    private final List<String> inboundRoutes = new ArrayList<>();
    private ConnectorRuntime runtime;
    private ProducerTemplate producer;

    MqttConnectorRoutes(ConnectorConfig config, TagBus bus, DeadLetters deadLetters) {
        this.config = config;
        this.bus = bus;
        this.deadLetters = deadLetters;
    }

    @Override
    public void configure() throws Exception {
        runtime = new ConnectorRuntime(config, bus, this::write);
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

        int n = 0;
        for (String filter : topicFilters(byTopic.keySet())) {
            String routeId = config.name() + "-in-" + n;
            inboundRoutes.add(routeId);
            from(pahoUri(filter, config.option("clientId", "plantwire-" + config.name()) + "-" + n++, false))
                    .routeId(routeId).autoStartup(false)
                    .process(this::inbound);
        }
        from("direct:" + config.name() + "-write").routeId(config.name() + "-write")
                .to(pahoUri(config.name() + "/set", config.option("clientId", "plantwire-" + config.name()) + "-out", true));
        from("timer:" + config.name() + "-supervisor?delay=0&period=" + config.timing().reconnectMinMillis())
                .routeId(config.name() + "-supervisor")
                .process(e -> supervise());
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
        runtime.countMessage();
        MqttPayload payload = new MqttPayload(exchange.getMessage().getBody(byte[].class));
        long now = System.currentTimeMillis();
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
            runtime.publishValue(mapper, value, Quality.GOOD, now);
        }
    }

    /** Starts the subscriptions that are not running yet and reports the connection state. */
    private void supervise() {
        boolean allConnected = true;
        String problem = null;
        for (String routeId : inboundRoutes) {
            Route route = getContext().getRoute(routeId);
            if (!getContext().getRouteController().getRouteStatus(routeId).isStarted()) {
                try {
                    getContext().getRouteController().startRoute(routeId);
                } catch (Exception e) {
                    allConnected = false;
                    problem = "cannot connect to " + config.endpoint() + ": " + rootMessage(e);
                    continue;
                }
            }
            Consumer consumer = route.getConsumer();
            if (consumer instanceof org.apache.camel.component.paho.PahoConsumer) {
                var client = ((org.apache.camel.component.paho.PahoConsumer) consumer).getClient();
                if (client == null || !client.isConnected()) {
                    allConnected = false;
                    problem = "connection to " + config.endpoint() + " lost; reconnecting";
                }
            }
        }
        if (allConnected) {
            runtime.connected();
        } else if (runtime.state() != org.plantwire.api.spi.ConnectorState.DISCONNECTED) {
            runtime.disconnected(problem);
        }
    }

    private CompletionStage<WriteResult> write(TagMapping mapping, Object raw, WriteRequest request) {
        if (producer == null) {
            producer = getContext().createProducerTemplate();
        }
        String topic = mapping.address() + "/set";
        return producer.asyncRequestBodyAndHeader("direct:" + config.name() + "-write", String.valueOf(raw), OVERRIDE_TOPIC, topic)
                .handle((r, e) -> e == null ? WriteResult.ok(request.path(), request.value(), "published to " + topic)
                        : WriteResult.failed(request.path(), request.value(), "cannot publish to " + topic + ": " + rootMessage(e)));
    }

    private String pahoUri(String topic, String clientId, boolean producerSide) {
        StringBuilder uri = new StringBuilder("paho:").append(topic)
                .append("?brokerUrl=").append(encode(config.endpoint()))
                .append("&clientId=").append(encode(clientId))
                .append("&qos=").append(config.intOption("qos", 1))
                .append("&cleanSession=").append(config.option("cleanSession", "false"))
                .append("&automaticReconnect=true&maxReconnectDelay=").append(config.timing().reconnectMaxMillis())
                .append("&connectionTimeout=").append(Math.max(1, config.timing().requestTimeoutMillis() / 1000));
        if ("5".equals(config.option("version", "3.1.1"))) {
            uri.append("&mqttVersion=4"); // v5 brokers accept 3.1.1 clients; the v5 client is a separate component
        }
        if (config.security().username() != null) {
            uri.append("&userName=").append(encode(config.security().username()));
        }
        if (config.security().password() != null) {
            uri.append("&password=RAW(").append(config.security().password()).append(')');
        }
        if (producerSide) {
            uri.append("&retained=false");
        }
        return uri.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
