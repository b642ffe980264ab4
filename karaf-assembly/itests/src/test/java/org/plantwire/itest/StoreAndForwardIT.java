package org.plantwire.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.buffer.BufferStatus;
import org.plantwire.buffer.Buffers;
import org.plantwire.testing.Mosquitto;

/**
 * Store and forward on the real distribution: a plant file's unified namespace publisher sends a counter tag to a
 * Mosquitto (a child process) and a real MQTT subscriber checks every value: none lost, in order. Through a broker
 * outage, a restart of the publisher's bundle while values keep coming, and a restart of the buffer and publisher
 * bundles together with the values waiting on disk.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StoreAndForwardIT extends PlantwireTestSupport {

    private static final Pattern VALUE = Pattern.compile("\"value\":(\\d+)");

    @Inject
    protected TagBus bus;


    @Configuration
    public Option[] config() {
        return distribution("store-and-forward", 5);
    }

    @Test
    public void aBrokerOutageLosesNothingAndKeepsTheOrder() throws Exception {
        TagPath counter = TagPath.of("acme/sf-outage/line/counter");
        try (Mosquitto mosquitto = Mosquitto.startPersistent()) {
            Path file = writePlantFile("sf-outage.yaml", plant("sf-outage", mosquitto.url()));
            try (Subscriber subscriber = new Subscriber(mosquitto.url(), "it-sf-outage", "sf/" + counter)) {
                waitFor("publisher connected", 30_000, () -> connected("sf-outage-uns"));
                publish(counter, 1, 100);
                waitFor("first values", 20_000, () -> subscriber.values.size() >= 100);

                mosquitto.stop();
                waitFor("publisher sees the outage", 20_000, () -> !connected("sf-outage-uns"));
                publish(counter, 101, 3000);
                waitFor("changes wait in the buffer", 20_000, () -> waiting("sf-outage-uns") == 2900);
                String during = shell("plant:buffers");
                assertTrue(during, during.matches("(?s).*sf-outage-uns \\|\\s+2900 \\|.*DISCONNECTED.*"));

                mosquitto.startAgain();
                waitFor("every change delivered", 60_000, () -> subscriber.values.size() >= 3000);
                waitFor("buffer empty", 20_000, () -> waiting("sf-outage-uns") == 0);
                assertInOrderNoneLost(subscriber.values, 1, 3000);
            }
            Files.delete(file);
        }
    }

    @Test
    public void restartingThePublisherAndTheBufferBundlesLosesNothing() throws Exception {
        TagPath counter = TagPath.of("acme/sf-restart/line/counter");
        try (Mosquitto mosquitto = Mosquitto.startPersistent()) {
            Path file = writePlantFile("sf-restart.yaml", plant("sf-restart", mosquitto.url()));
            try (Subscriber subscriber = new Subscriber(mosquitto.url(), "it-sf-restart", "sf/" + counter)) {
                waitFor("publisher connected", 30_000, () -> connected("sf-restart-uns"));

                // the publisher's bundle restarts while values keep coming: the buffer bundle keeps them
                AtomicBoolean producing = new AtomicBoolean(true);
                AtomicLong last = new AtomicLong();
                Thread producer = new Thread(() -> {
                    long i = 0;
                    while (producing.get()) {
                        bus.publish(counter, TagValue.good(++i));
                        last.set(i);
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                producer.start();
                waitFor("values flowing", 20_000, () -> subscriber.values.size() > 200);
                shell("bundle:restart plantwire-route-mqtt");
                int atRestart = subscriber.values.size();
                waitFor("forwarding again", 30_000, () -> subscriber.values.size() > atRestart + 500);
                producing.set(false);
                producer.join();
                long n = last.get();
                waitFor("every change delivered", 60_000, () -> subscriber.values.size() >= n);
                assertInOrderNoneLost(subscriber.values, 1, n);

                // the buffer and the publisher bundles restart with values on disk, waiting for an absent broker
                mosquitto.stop();
                waitFor("publisher sees the outage", 20_000, () -> !connected("sf-restart-uns"));
                publish(counter, n + 1, n + 2000);
                waitFor("changes wait in the buffer", 20_000, () -> waiting("sf-restart-uns") == 2000);
                shell("bundle:restart plantwire-buffer plantwire-route-mqtt");
                waitFor("buffer open again with what it held", 30_000, () -> waiting("sf-restart-uns") == 2000);
                mosquitto.startAgain();
                waitFor("every change delivered", 60_000, () -> subscriber.values.size() >= n + 2000);
                waitFor("buffer empty", 20_000, () -> waiting("sf-restart-uns") == 0);
                assertInOrderNoneLost(subscriber.values, 1, n + 2000);
            }
            Files.delete(file);
        }
    }

    private void publish(TagPath path, long from, long to) {
        for (long i = from; i <= to; i++) {
            bus.publish(path, TagValue.good(i));
        }
    }

    private static String plant(String site, String broker) {
        return "plant: {enterprise: acme, site: " + site + "}\n"
                + "publishers:\n"
                + "  - name: " + site + "-uns\n"
                + "    protocol: mqtt\n"
                + "    endpoint: \"" + broker + "\"\n"
                + "    root: sf\n"
                + "    buffer: {maxEntries: 100000, maxBytes: 64MB, maxAge: 1h, whenFull: drop-oldest}\n";
    }

    /**
     * A buffer's status as plant:buffers shows it; null while it is not open. The service is looked up each time: the
     * test restarts the buffer bundle.
     */
    private BufferStatus status(String name) {
        ServiceReference<Buffers> ref = bundleContext.getServiceReference(Buffers.class);
        Buffers buffers = ref == null ? null : bundleContext.getService(ref);
        if (buffers == null) {
            return null;
        }
        try {
            return buffers.status().stream().filter(b -> b.name().equals(name) && b.open()).findFirst().orElse(null);
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    /** Entries waiting in a buffer; -1 while it is not open. */
    private long waiting(String name) {
        BufferStatus s = status(name);
        return s == null ? -1 : s.entries();
    }

    /** True when the active forwarder of the buffer is connected to its broker. */
    private boolean connected(String name) {
        BufferStatus s = status(name);
        return s != null && s.forwarders().stream().anyMatch(f -> f.active() && f.connected());
    }

    /** Exactly from..to, each once, in order: nothing lost, nothing out of order, nothing sent twice. */
    private static void assertInOrderNoneLost(List<Long> values, long from, long to) {
        List<Long> got = new ArrayList<>(values);
        for (int i = 0; i < got.size(); i++) {
            if (got.get(i) != from + i) {
                throw new AssertionError("value " + i + " is " + got.get(i) + ", expected " + (from + i) + "; around it: "
                        + got.subList(Math.max(0, i - 5), Math.min(got.size(), i + 5)));
            }
        }
        assertEquals("values received", to - from + 1, got.size());
    }

    /**
     * A real MQTT client with a persistent session (it misses nothing of a broker outage) on one topic, recording the
     * counter's values as they arrive. Retained copies and the broker's redeliveries to this client (DUP, its own
     * PUBACK lost in the outage) are not the publisher's sending and are left out.
     */
    private static final class Subscriber implements AutoCloseable {
        final MqttClient client;
        final List<Long> values = new CopyOnWriteArrayList<>();

        Subscriber(String url, String id, String topic) throws Exception {
            client = new MqttClient(url, id, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(false);
            o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay(500);
            client.connect(o);
            client.subscribe(topic, 1, (t, m) -> {
                if (m.isRetained() || m.isDuplicate()) {
                    return;
                }
                Matcher v = VALUE.matcher(new String(m.getPayload(), StandardCharsets.UTF_8));
                if (v.find()) {
                    values.add(Long.parseLong(v.group(1)));
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
