package org.plantwire.routes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
import org.plantwire.api.TagValue;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.buffer.internal.BufferService;
import org.plantwire.camel.tag.TagComponents;
import org.plantwire.deadletter.internal.DeadLetterStore;
import org.plantwire.plant.PlantConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Mosquitto;
import org.plantwire.testing.Await;

/** MQTT over TLS with user name and password, trusting only the CA in the plant file's trust directory. */
class MqttTlsTest {

    private static final TagPath FLOW = TagPath.of("acme/site/line1/flow");

    @TempDir
    Path dir;

    private Mosquitto broker;
    private TagBusImpl bus;
    private CamelContext context;
    private BufferService buffers;
    private UnsForwarder publisher;

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.stop();
        }
        closePublisher();
        if (bus != null) {
            bus.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void connectorAndPublisherWorkOverTlsWithCredentials() throws Exception {
        broker = Mosquitto.startTls("plant", "s3cret");
        System.setProperty("karaf.etc", dir.toString());
        Files.createDirectories(dir.resolve("pki/broker"));
        Files.copy(broker.caCertificate(), dir.resolve("pki/broker/ca.pem"));
        start("pki/broker", "s3cret");

        Await.until("connector connected", () -> state("tls-devices") == ConnectorState.CONNECTED);
        Map<String, String> received = new ConcurrentHashMap<>();
        MqttClient device = new MqttClient(broker.url(), "device", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("plant");
        o.setPassword("s3cret".toCharArray());
        o.setSocketFactory(TlsTrust.socketFactory(dir.resolve("pki/broker").toString()));
        device.connect(o);
        device.subscribe("uns/#", 1, (t, m) -> received.put(t, new String(m.getPayload(), StandardCharsets.UTF_8)));
        device.publish("devices/flow", new MqttMessage("12.5".getBytes(StandardCharsets.UTF_8)));
        Await.until("value over TLS", () -> bus.read(FLOW).map(v -> v.quality() == Quality.GOOD && Double.valueOf(12.5).equals(v.value())).orElse(false));
        Await.until("unified namespace over TLS", () -> String.valueOf(received.get("uns/" + FLOW)).contains("\"value\":12.5"));
        device.disconnect();
        device.close();
    }

    @Test
    void aBrokerWhoseCaIsNotTrustedOrAWrongPasswordIsRefused() throws Exception {
        broker = Mosquitto.startTls("plant", "s3cret");
        System.setProperty("karaf.etc", dir.toString());
        // a trust directory holding some other CA
        Files.createDirectories(dir.resolve("pki/other"));
        Mosquitto other = Mosquitto.startTls("x", "y");
        Files.copy(other.caCertificate(), dir.resolve("pki/other/ca.pem"));
        other.close();
        start("pki/other", "s3cret");
        Await.until("refused", () -> state("tls-devices") == ConnectorState.DISCONNECTED);
        TagValue flow = bus.read(FLOW).orElseThrow();
        assertThat(flow.quality()).isEqualTo(Quality.BAD_NOT_CONNECTED);
        context.stop();
        closePublisher();
        bus.close();

        Files.createDirectories(dir.resolve("pki/broker"));
        Files.copy(broker.caCertificate(), dir.resolve("pki/broker/ca.pem"));
        start("pki/broker", "wrong");
        Await.until("wrong password refused", () -> state("tls-devices") == ConnectorState.DISCONNECTED);
        assertThat(bus.connectors().stream().filter(c -> c.name().equals("tls-devices")).findFirst().orElseThrow()
                .status().lastError()).containsIgnoringCase("not authori");
    }

    private void start(String trustDir, String password) throws Exception {
        PlantConfig plant = PlantFileParser.parse("site", "site.yaml", new StringReader(
                "plant: {enterprise: acme, site: site}\n"
                + "connectors:\n"
                + "  - name: tls-devices\n"
                + "    protocol: mqtt\n"
                + "    endpoint: " + broker.url() + "\n"
                + "    security: {username: plant, password: " + password + ", trustDir: " + trustDir + "}\n"
                + "    timing: {reconnectMinMillis: 200, reconnectMaxMillis: 1000}\n"
                + "    tags:\n"
                + "      - {path: line1/flow, address: devices/flow, type: float}\n"
                + "publishers:\n"
                + "  - {name: tls-uns, protocol: mqtt, endpoint: '" + broker.url() + "', root: uns,"
                + " security: {username: plant, password: " + password + ", trustDir: " + trustDir + "}}\n")).plant();
        bus = new TagBusImpl();
        context = new DefaultCamelContext();
        TagComponents.addTo(context, bus);
        context.start();
        context.addRoutes(new MqttConnectorRoutes(plant.connectors().get(0), bus, new DeadLetterStore(dir.resolve("dl.jsonl"), 10)));
        buffers = new BufferService(dir.resolve("buffers"), 20, bus);
        buffers.add(plant.publishers().get(0));
        publisher = new UnsForwarder(plant.publishers().get(0), buffers, bus, null, 1);
        publisher.start();
    }

    private void closePublisher() {
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
        if (buffers != null) {
            buffers.close();
            buffers = null;
        }
    }

    private ConnectorState state(String connector) {
        return bus.connectors().stream().filter(c -> c.name().equals(connector)).findFirst()
                .map(c -> c.status().state()).orElse(null);
    }

}
