package org.plantwire.routes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.DeadLetter;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.deadletter.internal.DeadLetterStore;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Mosquitto;
import org.plantwire.testing.Await;

/** The MQTT connector against a real Mosquitto on 127.0.0.1, without OSGi. */
class MqttConnectorTest {

    private static final TagPath PH = TagPath.of("acme/site/line1/ph");
    private static final TagPath TEMP = TagPath.of("acme/site/line1/temp");
    private static final TagPath FLOW = TagPath.of("acme/site/line1/flow");
    private static final TagPath DOOR = TagPath.of("acme/site/line1/door");

    @TempDir
    Path dir;

    private Mosquitto broker;
    private TagBusImpl bus;
    private DeadLetterStore deadLetters;
    private CamelContext context;
    private MqttClient device;

    @BeforeEach
    void start() throws Exception {
        broker = Mosquitto.start();
        bus = new TagBusImpl();
        deadLetters = new DeadLetterStore(dir.resolve("dl.jsonl"), 100);
        String yaml = "plant: {enterprise: acme, site: site}\n"
                + "connectors:\n"
                + "  - name: devices\n"
                + "    protocol: mqtt\n"
                + "    endpoint: " + broker.url() + "\n"
                + "    timing: {reconnectMinMillis: 200, reconnectMaxMillis: 1000}\n"
                + "    tags:\n"
                + "      - {path: line1/ph, address: devices/ph1, jsonPointer: /ph, type: float}\n"
                + "      - {path: line1/temp, address: devices/ph1, jsonPointer: /sensor/t, type: float, unit: degC}\n"
                + "      - {path: line1/flow, address: devices/flow, type: float, scale: {factor: 0.5}, writable: true}\n"
                + "      - {path: line1/door, address: door, type: boolean}\n";
        PlantFileParser.Result r = PlantFileParser.parse("site", "site.yaml", new StringReader(yaml));
        assertThat(r.problems()).isEmpty();
        ConnectorConfig config = r.plant().connectors().get(0);
        context = new DefaultCamelContext();
        context.start();
        context.addRoutes(new MqttConnectorRoutes(config, bus, deadLetters));
        device = new MqttClient(broker.url(), "device", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setAutomaticReconnect(true);
        device.connect(options);
        Await.until("connector connected", () -> state() == ConnectorState.CONNECTED);
    }

    @AfterEach
    void stop() throws Exception {
        if (device.isConnected()) {
            device.disconnect();
        }
        device.close();
        context.stop();
        bus.close();
        deadLetters.close();
        broker.close();
    }

    @Test
    void jsonAndPlainPayloadsFeedTheirTags() throws Exception {
        assertThat(bus.read(PH).orElseThrow().quality()).isEqualTo(Quality.BAD_NOT_CONNECTED);
        publish("devices/ph1", "{\"ph\": 7.2, \"sensor\": {\"t\": 21}}");
        publish("devices/flow", "25");
        publish("door", "true");
        Await.until("values", () -> value(DOOR) != null && value(FLOW) != null && value(TEMP) != null);
        assertThat(value(PH)).isEqualTo(7.2);
        assertThat(value(TEMP)).isEqualTo(21.0);
        assertThat(value(FLOW)).isEqualTo(12.5);
        assertThat(value(DOOR)).isEqualTo(true);
        assertThat(bus.info(TEMP).orElseThrow().owner()).isEqualTo("devices");
        assertThat(bus.info(TEMP).orElseThrow().definition().unit()).isEqualTo("degC");
    }

    @Test
    void badPayloadsBecomeDeadLettersAndTheRouteGoesOn() throws Exception {
        publish("devices/ph1", "{\"ph\": 7.2, ");
        publish("devices/ph1", "{\"ph\": \"acid\", \"sensor\": {\"t\": [1, 2]}}");
        publish("devices/flow", "lots");
        publish("devices/ph1", "{\"ph\": 6.9, \"sensor\": {\"t\": 22.5}}");
        Await.until("good value after bad ones", () -> Double.valueOf(6.9).equals(value(PH)));
        assertThat(value(TEMP)).isEqualTo(22.5);
        Await.until("dead letters", () -> deadLetters.count("devices") == 4);
        assertThat(deadLetters.list("devices", 10)).extracting(DeadLetter::source, DeadLetter::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("devices/ph1", "malformed JSON: Unexpected end-of-input within/between Object entries at line 1 column 13"),
                org.assertj.core.groups.Tuple.tuple("devices/ph1", PH + ": raw value acid does not fit tag type float: 'acid' is not a float"),
                org.assertj.core.groups.Tuple.tuple("devices/ph1", TEMP + ": the value at /sensor/t is a JSON array, not a single value"),
                org.assertj.core.groups.Tuple.tuple("devices/flow", FLOW + ": raw value 'lots' is not a number, so it cannot be scaled"));
        assertThat(deadLetters.list("devices", 10).get(3).payload()).isEqualTo("lots");
        assertThat(bus.connectors().get(0).status().errors()).isEqualTo(4);
    }

    @Test
    void brokerOutageTurnsTagsBadAndTheyRecover() throws Exception {
        publish("devices/flow", "10");
        Await.until("value", () -> Double.valueOf(5.0).equals(value(FLOW)));
        broker.stop();
        Await.until("disconnected", () -> state() == ConnectorState.DISCONNECTED);
        TagValue during = bus.read(FLOW).orElseThrow();
        assertThat(during.quality()).isEqualTo(Quality.BAD_NOT_CONNECTED);
        assertThat(during.value()).isEqualTo(5.0);
        broker.startAgain();
        Await.until("reconnected", () -> state() == ConnectorState.CONNECTED);
        Await.until("device reconnected", () -> device.isConnected());
        // the broker lost its sessions (no persistence): the connector subscribed again by itself
        long deadline = System.currentTimeMillis() + 10_000;
        while (!Double.valueOf(10.0).equals(value(FLOW)) && System.currentTimeMillis() < deadline) {
            publish("devices/flow", "20");
            Thread.sleep(200);
        }
        assertThat(bus.read(FLOW).orElseThrow().quality()).isEqualTo(Quality.GOOD);
        assertThat(value(FLOW)).isEqualTo(10.0);
    }

    @Test
    void writesArePublishedToTheSetTopic() throws Exception {
        java.util.concurrent.BlockingQueue<String> set = new java.util.concurrent.LinkedBlockingQueue<>();
        device.subscribe("devices/flow/set", 1, (topic, message) -> set.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
        publish("devices/flow", "10");
        Await.until("value", () -> value(FLOW) != null);
        var result = bus.write(FLOW, 7, "test").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(result.success()).as(result.message()).isTrue();
        assertThat(set.poll(10, TimeUnit.SECONDS)).isEqualTo("14.0");
    }

    private ConnectorState state() {
        return bus.connectors().isEmpty() ? null : bus.connectors().get(0).status().state();
    }

    private Object value(TagPath path) {
        TagValue v = bus.read(path).orElse(null);
        return v == null || !v.quality().isGood() ? null : v.value();
    }

    private void publish(String topic, String payload) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        device.publish(topic, m);
    }

}
