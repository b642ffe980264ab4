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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.deadletter.internal.DeadLetterStore;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Mosquitto;
import org.plantwire.testing.Await;

/** An MQTT 5 connector (paho-mqtt5 on a Plantwire-owned v5 client) against a real Mosquitto, incl. an outage. */
class Mqtt5ConnectorTest {

    private static final TagPath LEVEL = TagPath.of("acme/site/tank1/level");

    @TempDir
    Path dir;

    private Mosquitto broker;
    private TagBusImpl bus;
    private CamelContext context;

    @AfterEach
    void stop() throws Exception {
        context.stop();
        bus.close();
        broker.close();
    }

    @Test
    void valuesFlowAndTheConnectorSurvivesABrokerRestart() throws Exception {
        broker = Mosquitto.start();
        bus = new TagBusImpl();
        ConnectorConfig config = PlantFileParser.parse("site", "site.yaml", new StringReader(
                "plant: {enterprise: acme, site: site}\n"
                + "connectors:\n"
                + "  - name: tanks\n"
                + "    protocol: mqtt\n"
                + "    endpoint: " + broker.url() + "\n"
                + "    options: {version: 5}\n"
                + "    timing: {reconnectMinMillis: 200, reconnectMaxMillis: 1000}\n"
                + "    tags:\n"
                + "      - {path: tank1/level, address: tanks/1, jsonPointer: /level, type: float, writable: true}\n"))
                .plant().connectors().get(0);
        context = new DefaultCamelContext();
        context.start();
        context.addRoutes(new MqttConnectorRoutes(config, bus, new DeadLetterStore(dir.resolve("dl.jsonl"), 10)));
        Await.until("connected", () -> state() == ConnectorState.CONNECTED);

        MqttClient device = new MqttClient(broker.url(), "tank-device", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(500);
        device.connect(o);
        publish(device, "{\"level\": 3.5}");
        Await.until("value", () -> level(3.5));

        var set = new java.util.concurrent.LinkedBlockingQueue<String>();
        device.subscribe("tanks/1/set", 1, (t, m) -> set.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
        assertThat(bus.write(LEVEL, 2, "test").toCompletableFuture().get(10, TimeUnit.SECONDS).success()).isTrue();
        assertThat(set.poll(10, TimeUnit.SECONDS)).isEqualTo("2.0");

        broker.stop();
        Await.until("disconnected", () -> state() == ConnectorState.DISCONNECTED);
        assertThat(bus.read(LEVEL).get().quality()).isEqualTo(Quality.BAD_NOT_CONNECTED);
        broker.startAgain();
        Await.until("reconnected", () -> state() == ConnectorState.CONNECTED && device.isConnected());
        long deadline = System.currentTimeMillis() + 15_000;
        while (!level(4.0) && System.currentTimeMillis() < deadline) {
            publish(device, "{\"level\": 4.0}");
            Thread.sleep(200);
        }
        assertThat(level(4.0)).as("value after the restart").isTrue();
        device.disconnect();
        device.close();
    }

    private boolean level(double expected) {
        return bus.read(LEVEL).map(v -> v.quality() == Quality.GOOD && Double.valueOf(expected).equals(v.value())).orElse(false);
    }

    private ConnectorState state() {
        return bus.connectors().isEmpty() ? null : bus.connectors().get(0).status().state();
    }

    private static void publish(MqttClient device, String payload) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        device.publish("tanks/1", m);
    }

}
