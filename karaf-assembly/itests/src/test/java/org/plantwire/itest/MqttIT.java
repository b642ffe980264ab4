package org.plantwire.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.plantwire.api.ConnectorSummary;
import org.plantwire.api.Quality;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.testing.Mosquitto;

/**
 * MQTT on the real distribution: devices publish to a broker, a connector of a plant file feeds the tag bus, the
 * plant's unified namespace publisher sends every change back out, bad payloads end in the dead letters. Once with
 * the embedded broker, once with an external Mosquitto that goes away and comes back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MqttIT extends PlantwireTestSupport {

    @Inject
    protected TagBus bus;

    @Configuration
    public Option[] config() {
        return distribution("mqtt", 2);
    }

    @Test
    public void embeddedBrokerCarriesDeviceDataInAndTheUnifiedNamespaceOut() throws Exception {
        // the embedded broker starts with the server, maybe after the test does
        waitFor("embedded broker listening on 1883", 60_000, () -> listening(1883));
        Path file = writePlantFile("mqtt-embedded.yaml", plant("embedded", "tcp://127.0.0.1:1883"));
        TagPath humidity = TagPath.of("acme/embedded/room1/humidity");
        try (Client device = new Client("tcp://127.0.0.1:1883", "it-device")) {
            waitFor("connector connected", 30_000, () -> state("embedded-sensors") == ConnectorState.CONNECTED);
            device.subscribe("uns/acme/embedded/#");
            device.publish("it-embedded/room1", "{\"humidity\": 50.5, \"t\": 21}");
            waitFor("value in the bus", 10_000, () -> good(humidity, 50.5));
            waitFor("value on the unified namespace", 10_000, () -> String.valueOf(device.received.get("uns/" + humidity))
                    .equals("{\"value\":50.5,\"quality\":\"good\",\"sourceTime\":\"" + bus.read(humidity).get().sourceInstant() + "\",\"unit\":\"%\"}"));

            device.publish("it-embedded/room1", "{\"humidity\": 50.5, ");
            device.publish("it-embedded/room1", "{\"humidity\": \"wet\", \"t\": 22}");
            device.publish("it-embedded/room1", "{\"humidity\": 51.0, \"t\": 22}");
            waitFor("route goes on after bad payloads", 10_000, () -> good(humidity, 51.0));
            String deadLetters = shell("plant:dead-letters embedded-sensors");
            assertTrue(deadLetters, deadLetters.contains("it-embedded/room1"));
            assertTrue(deadLetters, deadLetters.contains("malformed JSON"));
            assertTrue(deadLetters, deadLetters.contains("'wet' is not a float"));
        }
        // retained: a client that subscribes later gets the last value at once
        try (Client late = new Client("tcp://127.0.0.1:1883", "it-late")) {
            late.subscribe("uns/acme/embedded/#");
            waitFor("retained value", 10_000, () -> String.valueOf(late.received.get("uns/" + humidity)).contains("\"value\":51.0"));
        }
        String connectors = shell("plant:connectors");
        assertTrue(connectors, connectors.contains("embedded-sensors") && connectors.contains("embedded-uns"));
        Files.delete(file);
        waitFor("connector gone", 20_000, () -> state("embedded-sensors") == null);
        assertEquals(Quality.UNCERTAIN_LAST_KNOWN, bus.read(humidity).get().quality());
    }

    @Test
    public void externalMosquittoWorksInPlaceOfTheEmbeddedBrokerAndOutagesHeal() throws Exception {
        TagPath humidity = TagPath.of("acme/external/room1/humidity");
        try (Mosquitto mosquitto = Mosquitto.start()) {
            Path file = writePlantFile("mqtt-external.yaml", plant("external", mosquitto.url()));
            try (Client device = new Client(mosquitto.url(), "it-device-ext")) {
                waitFor("connector connected", 30_000, () -> state("external-sensors") == ConnectorState.CONNECTED);
                device.subscribe("uns/acme/external/#");
                device.publish("it-external/room1", "{\"humidity\": 40.0}");
                waitFor("value in the bus", 10_000, () -> good(humidity, 40.0));
                waitFor("value on the unified namespace", 10_000,
                        () -> String.valueOf(device.received.get("uns/" + humidity)).contains("\"value\":40.0"));

                mosquitto.stop();
                waitFor("tags bad while the broker is away", 20_000,
                        () -> bus.read(humidity).get().quality() == Quality.BAD_NOT_CONNECTED);
                assertEquals(40.0, bus.read(humidity).get().value());
                String connectors = shell("plant:connectors");
                assertTrue(connectors, connectors.contains("DISCONNECTED"));

                mosquitto.startAgain();
                waitFor("connector back", 30_000, () -> state("external-sensors") == ConnectorState.CONNECTED);
                waitFor("device back", 30_000, device.client::isConnected);
                device.subscribe("uns/acme/external/#");
                long deadline = System.currentTimeMillis() + 20_000;
                while (!good(humidity, 41.0) && System.currentTimeMillis() < deadline) {
                    device.publish("it-external/room1", "{\"humidity\": 41.0}");
                    Thread.sleep(250);
                }
                assertTrue("value after the outage", good(humidity, 41.0));
                waitFor("unified namespace after the outage", 20_000,
                        () -> String.valueOf(device.received.get("uns/" + humidity)).contains("\"value\":41.0"));
            }
            Files.delete(file);
            waitFor("connector gone", 20_000, () -> state("external-sensors") == null);
        }
    }

    private static String plant(String site, String broker) {
        return "plant: {enterprise: acme, site: " + site + "}\n"
                + "connectors:\n"
                + "  - name: " + site + "-sensors\n"
                + "    protocol: mqtt\n"
                + "    endpoint: " + broker + "\n"
                + "    timing: {reconnectMinMillis: 250, reconnectMaxMillis: 2000}\n"
                + "    tags:\n"
                + "      - {path: room1/humidity, address: it-" + site + "/room1, jsonPointer: /humidity, type: float, unit: \"%\"}\n"
                + "      - {path: room1/temperature, address: it-" + site + "/room1, jsonPointer: /t, type: float, unit: degC}\n"
                + "publishers:\n"
                + "  - {name: " + site + "-uns, protocol: mqtt, endpoint: \"" + broker + "\", root: uns}\n";
    }

    private ConnectorState state(String connector) {
        for (ConnectorSummary c : bus.connectors()) {
            if (c.name().equals(connector)) {
                return c.status().state();
            }
        }
        return null;
    }

    private boolean good(TagPath path, double expected) {
        TagValue v = bus.read(path).orElse(null);
        return v != null && v.quality() == Quality.GOOD && Double.valueOf(expected).equals(v.value());
    }

    /** A real MQTT client: a device, or a UNS subscriber. */
    private static final class Client implements AutoCloseable {
        final MqttClient client;
        final Map<String, String> received = new ConcurrentHashMap<>();

        Client(String url, String id) throws Exception {
            client = new MqttClient(url, id, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay(1000);
            client.connect(o);
        }

        void subscribe(String filter) throws Exception {
            client.subscribe(filter, 1, (topic, m) -> received.put(topic, new String(m.getPayload(), StandardCharsets.UTF_8)));
        }

        void publish(String topic, String payload) throws Exception {
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            client.publish(topic, m);
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
