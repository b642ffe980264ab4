package org.plantwire.routes.uns;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagDefinition;
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

    private final PublisherConfig config;
    private final TagBus bus;

    UnsPublisherRoutes(PublisherConfig config, TagBus bus) {
        this.config = config;
        this.bus = bus;
    }

    @Override
    public void configure() throws Exception {
        PublisherStatus status = new PublisherStatus(config, bus);
        getContext().addService(status, true, true);

        // broker away: keep trying, newest values win (the subscription queue drops the oldest)
        onException(org.eclipse.paho.client.mqttv3.MqttException.class)
                .onRedelivery(e -> status.failed(e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)))
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
        TagDefinition definition = bus.info(TagPath.of(path)).map(i -> i.definition()).orElse(null);
        m.setBody(UnsPayload.encode(value.value(), value.quality(), value.sourceTime(),
                definition == null ? null : definition.unit()));
        m.setHeader(OVERRIDE_TOPIC, config.root().isEmpty() ? path : config.root() + "/" + path);
    }

    private String pahoUri() {
        StringBuilder uri = new StringBuilder("paho:")
                .append(config.root().isEmpty() ? "plantwire" : config.root())
                .append("?brokerUrl=").append(encode(config.endpoint()))
                .append("&clientId=").append(encode(config.clientId()))
                .append("&qos=").append(config.qos())
                .append("&retained=").append(config.retained())
                .append("&automaticReconnect=true&maxReconnectDelay=5000&connectionTimeout=5")
                .append("&maxInflight=1000&cleanSession=true");
        if (config.security().username() != null) {
            uri.append("&userName=").append(encode(config.security().username()));
        }
        if (config.security().password() != null) {
            uri.append("&password=RAW(").append(config.security().password()).append(')');
        }
        return uri.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
