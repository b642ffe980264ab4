package org.plantwire.routes.mqtt;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagInfo;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.plant.PublisherConfig;

/**
 * One unified namespace publisher: every change of the tags matching its pattern goes to
 * {@code <root>/<tag path>} on its broker as a {@link UnsPayload} JSON document, with its QoS, retained.
 *
 * <p>While the broker is away, publishing is retried with back-off; meanwhile the route's tag subscription queues
 * the changes (bounded, oldest dropped and counted in plant:subscriptions), so the newest value of every tag
 * reaches the broker when it is back.
 */
final class UnsPublisherRoutes extends RouteBuilder {

    static final String TAG_VALUE = "PlantwireTagValue";
    static final String TAG_PATH = "PlantwireTagPath";
    static final String OVERRIDE_TOPIC = "CamelPahoOverrideTopic";
    /** Events the publisher may be behind the tag bus before the oldest are dropped. */
    static final int QUEUE_CAPACITY = 200_000;

    private static final long UNIT_CACHE_MILLIS = 10_000;

    private final PublisherConfig config;
    private final TagBus bus;
    private final java.util.Map<String, String> units = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long unitsValidUntil;

    UnsPublisherRoutes(PublisherConfig config, TagBus bus) {
        this.config = config;
        this.bus = bus;
    }

    @Override
    public void configure() throws Exception {
        PublisherStatus status = new PublisherStatus(config, bus);
        getContext().addService(status, true, true);
        MqttClientSession session = MqttClientSession.create("3.1.1", config.endpoint(), config.clientId(), true,
                new org.plantwire.plant.Timing(0, 1, 10, 5_000, 250, 5_000), config.security());
        getContext().addService(session, true, false);
        getContext().getRegistry().bind("uns-client", session.client());
        status.connectedWhen(session::isConnected);

        // broker away: keep trying, newest values win (the subscription queue drops the oldest)
        onException(org.eclipse.paho.client.mqttv3.MqttException.class)
                .onRedelivery(e -> {
                    status.failed(e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
                    session.ensureConnected(); // the first connect; Paho reconnects by itself after that
                })
                .maximumRedeliveries(-1).redeliveryDelay(250).useExponentialBackOff().backOffMultiplier(2)
                .maximumRedeliveryDelay(config.qos() == 0 ? 1_000 : 5_000).retryAttemptedLogLevel(org.apache.camel.LoggingLevel.DEBUG)
                .handled(true);
        onException(Exception.class)
                .process(e -> status.failed(e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)))
                .handled(true);

        from("tag:" + config.pattern() + "?initialValues=true&queueCapacity=" + QUEUE_CAPACITY)
                .routeId(config.name())
                .process(this::toPayload)
                .to(pahoUri())
                .process(e -> status.sent());
    }

    /** Body: the JSON payload; topic: root/path. */
    private void toPayload(Exchange exchange) {
        Message m = exchange.getMessage();
        TagValue value = m.getHeader(TAG_VALUE, TagValue.class);
        String path = m.getHeader(TAG_PATH, String.class);
        m.setBody(UnsPayload.encode(value.value(), value.quality(), value.sourceTime(), unit(path)));
        m.setHeader(OVERRIDE_TOPIC, config.root().isEmpty() ? path : config.root() + "/" + path);
    }

    /**
     * The tag's unit, looked up once per tag and path text and forgotten every {@value #UNIT_CACHE_MILLIS} ms (a plant
     * file reload may change it), so the publish path neither parses paths nor asks the bus for every change.
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

    private String pahoUri() {
        return "paho:" + (config.root().isEmpty() ? "plantwire" : config.root()) + "?client=#uns-client&qos=" + config.qos()
                + "&retained=" + config.retained();
    }

}
