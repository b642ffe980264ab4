package org.plantwire.benchmarks;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.plantwire.api.DeadLetter;
import org.plantwire.api.DeadLetters;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.plant.PlantConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.routes.mqtt.MqttConnectorForBenchmarks;
import org.plantwire.routes.mqtt.UnsPublisherForBenchmarks;
import org.plantwire.tagbus.internal.SwitchBoardImpl;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Mosquitto;

/**
 * Connector upgrades under load, in one JVM: a device counts at {@code --rate} Hz over MQTT (QoS 1) into an MQTT
 * connector, through the tag bus and the unified-namespace publisher (durable buffer) to a real MQTT subscriber, while
 * the connector is handed {@code --upgrades} times between two versions of its routes (two CamelContexts, as two
 * bundle versions run them, on the product's switch board). Prints per hand-over the switch-over time and the data gap
 * at the subscriber (longest time between two arrivals around the hand-over, against the longest in steady state),
 * then one summary line with lost and duplicated counts.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.plantwire.benchmarks.UpgradeBenchmark --rate 1000 --upgrades 5</pre>
 */
public final class UpgradeBenchmark {

    public static void main(String[] args) throws Exception {
        int rate = 1000;
        int upgrades = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--upgrades" -> upgrades = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--rate Hz, --upgrades N)");
            }
        }
        System.exit(run(rate, upgrades) ? 0 : 1);
    }

    private static boolean run(int rate, int upgrades) throws Exception {
        Path dir = Files.createTempDirectory("plantwire-upgrade-bench");
        List<AutoCloseable> closing = new ArrayList<>();
        try (Mosquitto broker = Mosquitto.start()) {
            TagBusImpl bus = new TagBusImpl();
            closing.add(bus);
            SwitchBoardImpl board = new SwitchBoardImpl();
            PlantConfig plant = plant(broker.url());
            DeadLetters deadLetters = new CountingDeadLetters();
            closing.add(UnsPublisherForBenchmarks.start(plant.publishers().get(0), bus, dir));
            CamelContext[] versions = new CamelContext[2];
            for (int v = 0; v < 2; v++) {
                versions[v] = new DefaultCamelContext();
                versions[v].start();
                versions[v].addRoutes(MqttConnectorForBenchmarks.routes(plant.connectors().get(0), bus, deadLetters, board, v + 1));
                closing.add(versions[v]::stop);
                awaitReady(board, v + 1);
            }

            Subscriber subscriber = new Subscriber(broker.url(), "uns/acme/bench/line1/seq");
            closing.add(subscriber);
            MqttClient device = new MqttClient(broker.url(), "bench-device", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(10_000);
            device.connect(options);
            AtomicBoolean counting = new AtomicBoolean(true);
            AtomicLong sent = new AtomicLong();
            long periodNanos = 1_000_000_000L / rate;
            Thread counter = new Thread(() -> count(device, counting, sent, periodNanos), "bench-device");
            counter.start();

            Thread.sleep(3_000); // warm up
            long steadyFrom = System.nanoTime();
            Thread.sleep(2_000);
            long steadyTo = System.nanoTime();
            long[][] windows = new long[upgrades][];
            long[] switchNanos = new long[upgrades];
            for (int u = 0; u < upgrades; u++) {
                long start = System.nanoTime();
                switchNanos[u] = board.handOver("bench-counter", u % 2 == 0 ? 2 : 1);
                long end = System.nanoTime();
                windows[u] = new long[] {start, end};
                Thread.sleep(2_000);
                awaitReady(board, u % 2 == 0 ? 1 : 2);
            }
            counting.set(false);
            counter.join();
            device.disconnect();
            device.close();
            long total = sent.get();
            long deadline = System.currentTimeMillis() + 60_000;
            while (subscriber.highest.get() < total && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }

            long steadyGap = subscriber.maxGap(steadyFrom, steadyTo);
            long worstGap = 0;
            for (int u = 0; u < upgrades; u++) {
                // from half a second before the switch to a second after it
                long gap = subscriber.maxGap(windows[u][0] - 500_000_000L, windows[u][1] + 1_000_000_000L);
                worstGap = Math.max(worstGap, gap);
                System.out.printf(Locale.ROOT, "upgrade %d: switch-over=%dms gap=%dms (steady max %dms)%n", u + 1,
                        switchNanos[u] / 1_000_000, gap / 1_000_000, steadyGap / 1_000_000);
            }
            long distinct = subscriber.seen.size();
            long lost = total - distinct;
            long duplicated = subscriber.received.get() - distinct;
            System.out.printf(Locale.ROOT, "upgrade rate=%dHz upgrades=%d sent=%d lost=%d duplicated=%d outOfOrder=%d"
                            + " worstGap=%dms steadyMaxGap=%dms%n", rate, upgrades, total, lost, duplicated,
                    subscriber.outOfOrder.get(), worstGap / 1_000_000, steadyGap / 1_000_000);
            return lost == 0 && duplicated == 0;
        } finally {
            for (int i = closing.size() - 1; i >= 0; i--) {
                try {
                    closing.get(i).close();
                } catch (Exception ignored) {
                    // shutting down
                }
            }
        }
    }

    private static PlantConfig plant(String brokerUrl) {
        String yaml = "plant: {enterprise: acme, site: bench}\n"
                + "connectors:\n"
                + "  - name: bench-counter\n"
                + "    protocol: mqtt\n"
                + "    endpoint: " + brokerUrl + "\n"
                + "    timing: {reconnectMinMillis: 200, reconnectMaxMillis: 1000}\n"
                + "    tags:\n"
                + "      - {path: line1/seq, address: bench/seq, type: integer}\n"
                + "publishers:\n"
                + "  - {name: bench-uns, protocol: mqtt, endpoint: \"" + brokerUrl + "\", root: uns}\n";
        PlantFileParser.Result r = PlantFileParser.parse("bench", "bench.yaml", new StringReader(yaml));
        if (!r.problems().isEmpty()) {
            throw new IllegalStateException(r.problems().toString());
        }
        return r.plant();
    }

    private static void awaitReady(SwitchBoardImpl board, long bundleId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (board.seats().stream().noneMatch(s -> s.bundleId() == bundleId && (s.active()
                || s.ready()))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("version " + bundleId + " not ready: " + board.seats());
            }
            Thread.sleep(20);
        }
    }

    private static void count(MqttClient device, AtomicBoolean counting, AtomicLong sent, long periodNanos) {
        try {
            long next = System.nanoTime();
            while (counting.get()) {
                long n = sent.get() + 1;
                MqttMessage m = new MqttMessage(Long.toString(n).getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                while (true) {
                    try {
                        device.publish("bench/seq", m);
                        break;
                    } catch (MqttException e) {
                        if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                            throw e;
                        }
                        Thread.sleep(1);
                    }
                }
                sent.set(n);
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The UNS subscriber: every sequence number with its arrival time. */
    private static final class Subscriber implements AutoCloseable {
        final MqttClient client;
        final ConcurrentHashMap<Long, Boolean> seen = new ConcurrentHashMap<>();
        final AtomicLong received = new AtomicLong();
        final AtomicLong highest = new AtomicLong();
        final AtomicLong outOfOrder = new AtomicLong();
        final List<long[]> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());

        Subscriber(String url, String topic) throws MqttException {
            client = new MqttClient(url, "bench-subscriber", new MemoryPersistence());
            client.connect(new MqttConnectOptions());
            client.subscribe(topic, 1, (t, m) -> {
                if (m.isDuplicate() || m.isRetained()) {
                    return; // the broker resending to this subscriber, or the last value on subscribe
                }
                String json = new String(m.getPayload(), StandardCharsets.UTF_8);
                int i = json.indexOf("\"value\":") + 8;
                long seq = Long.parseLong(json.substring(i, json.indexOf(',', i)).trim());
                received.incrementAndGet();
                seen.put(seq, Boolean.TRUE);
                if (seq < highest.get()) {
                    outOfOrder.incrementAndGet();
                }
                highest.accumulateAndGet(seq, Math::max);
                arrivals.add(new long[] {System.nanoTime(), seq});
            });
        }

        /** The longest time between two arrivals within [from, to]. */
        long maxGap(long from, long to) {
            long max = 0;
            long last = -1;
            synchronized (arrivals) {
                for (long[] a : arrivals) {
                    if (a[0] < from || a[0] > to) {
                        continue;
                    }
                    if (last >= 0) {
                        max = Math.max(max, a[0] - last);
                    }
                    last = a[0];
                }
            }
            return max;
        }

        @Override
        public void close() throws MqttException {
            client.disconnect();
            client.close();
        }
    }

    /** Dead letters counted, for a benchmark with well-formed payloads only. */
    private static final class CountingDeadLetters implements DeadLetters {
        private final AtomicLong count = new AtomicLong();

        @Override
        public void add(DeadLetter letter) {
            count.incrementAndGet();
        }

        @Override
        public List<DeadLetter> list(String connector, int max) {
            return List.of();
        }

        @Override
        public int count(String connector) {
            return (int) count.get();
        }

        @Override
        public int clear(String connector) {
            return (int) count.getAndSet(0);
        }
    }
}
