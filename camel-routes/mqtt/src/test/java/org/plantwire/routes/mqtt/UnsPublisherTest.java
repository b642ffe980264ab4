package org.plantwire.routes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.buffer.BufferStatus;
import org.plantwire.buffer.internal.BufferService;
import org.plantwire.plant.PublisherConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.tagbus.internal.SwitchBoardImpl;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Await;
import org.plantwire.testing.Mosquitto;

/**
 * The unified namespace publisher as Karaf runs it, on a plain class path: the buffer bundle's service feeding the
 * publisher's durable buffer from the tag bus, and {@link UnsForwarder} sending it to a real Mosquitto.
 */
class UnsPublisherTest {

    private static final TagPath TEMP = TagPath.of("acme/site/line1/filler/temperature");
    private static final TagPath COUNTER = TagPath.of("acme/site/line1/filler/counter");
    private static final TagPath OTHER = TagPath.of("acme/other/line1/x");

    @TempDir
    Path dir;

    private Mosquitto broker;
    private final TagBusImpl bus = new TagBusImpl();
    private BufferService buffers;
    private UnsForwarder forwarder;
    private PublisherConfig config;
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private final List<Long> counts = new CopyOnWriteArrayList<>();

    private void start(Mosquitto mosquitto) throws Exception {
        broker = mosquitto;
        config = PlantFileParser.parse("site", "site.yaml", new StringReader(
                "plant: {enterprise: acme, site: site}\n"
                + "publishers:\n"
                + "  - {name: uns, protocol: mqtt, endpoint: '" + broker.url() + "', root: uns, qos: 1, retained: true}\n"))
                .plant().publishers().get(0);
        buffers = new BufferService(dir, 20, bus);
        buffers.add(config);
        forwarder = new UnsForwarder(config, buffers, bus, null, 7);
        forwarder.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (forwarder != null) {
            forwarder.close();
        }
        if (buffers != null) {
            buffers.close();
        }
        bus.close();
        if (broker != null) {
            broker.close();
        }
    }

    private BufferStatus buffer() {
        return buffers.status().get(0);
    }

    @Test
    void tagChangesArePublishedRetainedAsJson() throws Exception {
        start(Mosquitto.start());
        bus.publish(TEMP, new TagValue(21.5, Quality.GOOD, 1_000, 1_000));
        bus.publish(OTHER, TagValue.good(1L)); // another plant: not this publisher's
        // a subscriber that comes late still gets the last value: retained
        try (Subscriber s = new Subscriber("late", true)) {
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
        Await.until("acknowledged entries leave the buffer", () -> buffer().entries() == 0);
        assertThat(buffer().forwarded()).isEqualTo(2);
        assertThat(buffer().forwarders()).singleElement().satisfies(f -> {
            assertThat(f.bundleId()).isEqualTo(7);
            assertThat(f.active()).isTrue();
            assertThat(f.connected()).isTrue();
        });
    }

    @Test
    void everyChangeMadeDuringABrokerOutageArrivesInOrder() throws Exception {
        start(Mosquitto.startPersistent());
        try (Subscriber s = new Subscriber("outage", false)) {
            for (long i = 1; i <= 200; i++) {
                bus.publish(COUNTER, TagValue.good(i));
            }
            Await.until("first values", () -> counts.size() == 200 && buffer().entries() == 0);
            broker.stop();
            Await.until("publisher sees the outage", () -> !forwarder.connected());
            for (long i = 201; i <= 5000; i++) {
                bus.publish(COUNTER, TagValue.good(i));
            }
            Await.until("changes kept while the broker is away", () -> buffer().entries() == 4800);
            broker.startAgain();
            Await.until("every change delivered", () -> counts.size() >= 5000 && buffer().entries() == 0);
            assertThat(counts).isEqualTo(LongStream.rangeClosed(1, 5000).boxed().toList());
        }
    }

    @Test
    void closingAndReopeningTheBufferAndThePublisherLosesNothing() throws Exception {
        start(Mosquitto.start());
        try (Subscriber s = new Subscriber("restart", true)) {
            bus.publish(COUNTER, TagValue.good(0L));
            Await.until("first value", () -> counts.size() == 1);
            forwarder.close(); // the publisher's bundle stops: the buffer keeps feeding
            forwarder = null;
            for (long i = 1; i <= 300; i++) {
                bus.publish(COUNTER, TagValue.good(i));
            }
            Await.until("kept while no publisher runs", () -> buffer().entries() == 300);
            buffers.close(); // and the buffer bundle stops too (server stop)
            buffers = new BufferService(dir, 20, bus);
            buffers.add(config);
            for (long i = 301; i <= 400; i++) {
                bus.publish(COUNTER, TagValue.good(i));
            }
            forwarder = new UnsForwarder(config, buffers, bus, null, 8);
            forwarder.start();
            Await.until("every change delivered", () -> counts.size() >= 401 && buffer().entries() == 0);
            assertThat(counts).isEqualTo(LongStream.rangeClosed(0, 400).boxed().toList());
        }
    }

    @Test
    void aNewVersionTakesOverWithoutLosingOrRepeatingAChange() throws Exception {
        start(Mosquitto.start());
        forwarder.close();
        SwitchBoardImpl board = new SwitchBoardImpl();
        forwarder = new UnsForwarder(config, buffers, bus, board, 1);
        forwarder.start();
        try (Subscriber s = new Subscriber("handover", true);
             UnsForwarder next = new UnsForwarder(config, buffers, bus, board, 2)) {
            next.start();
            Await.until("new version connected beside the old one", () -> next.ready() && forwarder.connected());
            assertThat(next.active()).isFalse();
            Thread producer = new Thread(() -> {
                for (long i = 1; i <= 20_000; i++) {
                    bus.publish(COUNTER, TagValue.good(i));
                }
            });
            producer.start();
            Await.until("forwarding under way", () -> counts.size() > 1000);
            board.handOver("uns", 2);
            producer.join();
            Await.until("every change delivered", () -> counts.size() >= 20_000 && buffer().entries() == 0);
            assertThat(counts).isEqualTo(LongStream.rangeClosed(1, 20_000).boxed().toList());
            assertThat(next.active()).isTrue();
            assertThat(forwarder.active()).isFalse();
            assertThat(buffer().forwarders()).extracting(BufferStatus.Forwarder::bundleId).containsExactly(2L, 1L);
        }
    }

    /**
     * A real MQTT client subscribed to uns/# at QoS 1; with a persistent session it gets what it missed. It counts
     * the counter's values as they arrive, except retained copies and the broker's redeliveries to it.
     */
    private final class Subscriber implements AutoCloseable {
        private final MqttClient client;

        Subscriber(String id, boolean cleanSession) throws Exception {
            client = new MqttClient(broker.url(), "test-" + id, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(cleanSession);
            o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay(500);
            client.connect(o);
            client.subscribe("uns/#", 1, (topic, m) -> {
                String payload = new String(m.getPayload(), StandardCharsets.UTF_8);
                received.put(topic, payload);
                // a DUP redelivery is the broker making up for the subscriber's own PUBACK lost in the outage
                if (topic.equals("uns/" + COUNTER) && !m.isRetained() && !m.isDuplicate()) {
                    counts.add(Long.parseLong(payload.replaceAll(".*\"value\":(\\d+).*", "$1")));
                }
            });
        }

        @Override
        public void close() throws Exception {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }
}
