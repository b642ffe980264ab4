package org.plantwire.routes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.camel.tag.TagComponents;
import org.plantwire.plant.PublisherConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Mosquitto;
import org.plantwire.testing.Await;

/** The unified namespace publisher against a real Mosquitto on 127.0.0.1, without OSGi. */
class UnsPublisherTest {

    private static final TagPath TEMP = TagPath.of("acme/site/line1/filler/temperature");
    private static final TagPath OTHER = TagPath.of("acme/other/line1/x");

    private Mosquitto broker;
    private TagBusImpl bus;
    private CamelContext context;
    private final Map<String, String> received = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        broker = Mosquitto.start();
        bus = new TagBusImpl();
        PublisherConfig config = PlantFileParser.parse("site", "site.yaml", new StringReader(
                "plant: {enterprise: acme, site: site}\n"
                + "publishers:\n"
                + "  - {name: uns, protocol: mqtt, endpoint: '" + broker.url() + "', root: uns, qos: 1, retained: true}\n"))
                .plant().publishers().get(0);
        context = new DefaultCamelContext();
        TagComponents.addTo(context, bus);
        context.start();
        context.addRoutes(new UnsPublisherRoutes(config, bus));
    }

    @AfterEach
    void stop() throws Exception {
        context.stop();
        bus.close();
        broker.close();
    }

    @Test
    void tagChangesArePublishedRetainedAsJson() throws Exception {
        bus.publish(TEMP, new TagValue(21.5, Quality.GOOD, 1_000, 1_000));
        bus.publish(OTHER, TagValue.good(1L)); // another plant: not this publisher's
        // a subscriber that comes late still gets the last value: retained
        try (Subscriber s = new Subscriber("late")) {
            Await.until("retained value", () -> received.containsKey("uns/" + TEMP));
            assertThat(received.get("uns/" + TEMP))
                    .isEqualTo("{\"value\":21.5,\"quality\":\"good\",\"sourceTime\":\"1970-01-01T00:00:01Z\"}");
            bus.publish(TEMP, TagValue.of(22.0, Quality.BAD_NOT_CONNECTED));
            Await.until("change", () -> received.get("uns/" + TEMP).contains("bad(not-connected)"));
            assertThat(received).doesNotContainKey("uns/" + OTHER);
        }
        assertThat(bus.connectors()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("uns");
            assertThat(c.status().messages()).isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    void theNewestValuesArriveAfterABrokerOutage() throws Exception {
        bus.publish(TEMP, TagValue.good(1.0));
        try (Subscriber s = new Subscriber("before")) {
            Await.until("first value", () -> received.containsKey("uns/" + TEMP));
        }
        broker.stop();
        for (int i = 2; i <= 50; i++) {
            bus.publish(TEMP, TagValue.good((double) i));
        }
        Await.until("publisher sees the outage", () -> bus.connectors().get(0).status().errors() > 0);
        broker.startAgain(); // no persistence: the broker forgot the retained value
        received.clear();
        try (Subscriber s = new Subscriber("after")) {
            Await.until("newest value after the outage", () -> String.valueOf(received.get("uns/" + TEMP)).contains("\"value\":50.0"));
        }
    }

    /** A real MQTT client subscribed to uns/#. */
    private final class Subscriber implements AutoCloseable {
        private final MqttClient client;

        Subscriber(String id) throws Exception {
            client = new MqttClient(broker.url(), "test-" + id, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            client.connect(o);
            client.subscribe("uns/#", 1, (topic, m) -> received.put(topic, new String(m.getPayload(), StandardCharsets.UTF_8)));
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }

}
