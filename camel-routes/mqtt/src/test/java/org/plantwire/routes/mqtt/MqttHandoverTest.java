package org.plantwire.routes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.deadletter.internal.DeadLetterStore;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.tagbus.internal.SwitchBoardImpl;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Await;
import org.plantwire.testing.Mosquitto;

/**
 * Two versions of one MQTT connector (two CamelContexts, as two bundles would run them) on a real bus, switch board
 * and Mosquitto: a device counts at about 1 kHz while the work is handed from one to the other and back several
 * times; the bus sees every count once, in order.
 */
class MqttHandoverTest {

    private static final TagPath SEQ = TagPath.of("acme/site/line1/seq");

    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final TagBusImpl bus = new TagBusImpl();
    private final SwitchBoard board = new SwitchBoardImpl();
    private DeadLetterStore deadLetters;

    @org.junit.jupiter.api.BeforeEach
    void open() {
        closing.add(bus);
        deadLetters = new DeadLetterStore(dir.resolve("dl.jsonl"), 100);
        closing.add(deadLetters::close);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"3.1.1", "5"})
    void everyCountArrivesOnceAcrossHandOvers(String version) throws Exception {
        Mosquitto broker = Mosquitto.start();
        closing.add(broker);
        ConnectorConfig config = config(broker, version);

        List<Long> seen = new CopyOnWriteArrayList<>();
        Subscription sub = bus.subscribe(TagPattern.of(SEQ.toString()), (p, v) -> {
            if (v.quality().isGood()) {
                seen.add(((Number) v.value()).longValue());
            }
        }, "test", 1_000_000, false);
        closing.add(sub::close);

        CamelContext v1 = version(config, bus, deadLetters, board, 1);
        Await.until("v1 connected", () -> !bus.connectors().isEmpty()
                && bus.connectors().get(0).status().state() == org.plantwire.api.spi.ConnectorState.CONNECTED);
        CamelContext v2 = version(config, bus, deadLetters, board, 2);
        Await.until("v2 ready", () -> board.seats().stream().anyMatch(s -> s.bundleId() == 2 && s.ready()));

        MqttClient device = new MqttClient(broker.url(), "device", new MemoryPersistence());
        MqttConnectOptions deviceOptions = new MqttConnectOptions();
        deviceOptions.setMaxInflight(10_000); // a hiccup of a few ms must not make the device drop counts
        device.connect(deviceOptions);
        AtomicBoolean counting = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Thread counter = new Thread(() -> {
            try {
                long next = System.nanoTime();
                while (counting.get()) {
                    long n = sent.get() + 1;
                    device.publish("devices/seq", new MqttMessage(Long.toString(n).getBytes(StandardCharsets.UTF_8)) {{
                        setQos(1);
                    }});
                    sent.set(n);
                    next += 1_000_000;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "device-counter");
        counter.start();

        long[] to = {2, 1, 2, 1, 2};
        for (long bundle : to) {
            long before = sent.get();
            Await.until("200 more counts", () -> sent.get() > before + 200);
            Await.until("bundle " + bundle + " ready", () -> board.seats().stream().anyMatch(s -> s.bundleId() == bundle && s.ready()));
            board.handOver("counter", bundle);
        }
        long before = sent.get();
        Await.until("200 more counts", () -> sent.get() > before + 200);
        counting.set(false);
        counter.join();
        device.disconnect();
        device.close();
        long total = sent.get();
        Await.until("all " + total + " counts on the bus", () -> !seen.isEmpty() && seen.get(seen.size() - 1) == total);

        List<String> wrong = new ArrayList<>();
        long expect = 1;
        for (long n : seen) {
            if (n != expect) {
                wrong.add("got " + n + " where " + expect + " was due");
            }
            expect = n + 1;
        }
        assertThat(wrong).as("every count once, in order (" + seen.size() + " seen of " + total + ")").isEmpty();
        assertThat(seen).hasSize((int) total);
        assertThat(bus.info(SEQ).orElseThrow().owner()).isEqualTo("counter");
        v1.stop();
        v2.stop();
    }

    private static ConnectorConfig config(Mosquitto broker, String version) throws Exception {
        String yaml = "plant: {enterprise: acme, site: site}\n"
                + "connectors:\n"
                + "  - name: counter\n"
                + "    protocol: mqtt\n"
                + "    endpoint: " + broker.url() + "\n"
                + "    options: {version: '" + version + "'}\n"
                + "    timing: {reconnectMinMillis: 200, reconnectMaxMillis: 1000}\n"
                + "    tags:\n"
                + "      - {path: line1/seq, address: devices/seq, type: integer}\n";
        PlantFileParser.Result r = PlantFileParser.parse("site", "site.yaml", new StringReader(yaml));
        assertThat(r.problems()).isEmpty();
        return r.plant().connectors().get(0);
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"3.1.1", "5"})
    void handedOverWhileTheBrokerIsAwayConnectsWhenItReturns(String version) throws Exception {
        Mosquitto broker = Mosquitto.startPersistent();
        closing.add(broker);
        ConnectorConfig config = config(broker, version);
        version(config, bus, deadLetters, board, 1);
        Await.until("v1 ready", () -> board.seats().stream().anyMatch(s -> s.bundleId() == 1 && s.ready()));
        version(config, bus, deadLetters, board, 2);
        Await.until("v2 ready", () -> board.seats().stream().anyMatch(s -> s.bundleId() == 2 && s.ready()));

        broker.stop();
        Await.until("neither ready", () -> board.seats().stream().noneMatch(SwitchBoard.SeatInfo::ready));
        long end = System.currentTimeMillis() + 2_000;
        while (System.currentTimeMillis() < end) {
            assertThat(board.seats()).as("nobody connects while the broker is away").noneMatch(SwitchBoard.SeatInfo::ready);
            Thread.sleep(20);
        }
        board.handOver("counter", 2);
        broker.startAgain();
        Await.until("v2 active and connected", () -> board.seats().stream()
                .anyMatch(s -> s.bundleId() == 2 && s.active() && s.ready()));

        MqttClient device = new MqttClient(broker.url(), "device", new MemoryPersistence());
        device.connect();
        device.publish("devices/seq", new MqttMessage("42".getBytes(StandardCharsets.UTF_8)));
        device.disconnect();
        device.close();
        Await.until("the count on the bus", () -> bus.read(SEQ).map(v -> Long.valueOf(42).equals(v.value())).orElse(false));
    }

    private CamelContext version(ConnectorConfig config, TagBusImpl bus, DeadLetterStore deadLetters, SwitchBoard board,
                                 long bundleId) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.start();
        context.addRoutes(new MqttConnectorRoutes(config, bus, deadLetters, board, bundleId));
        closing.add(context::stop);
        return context;
    }
}
