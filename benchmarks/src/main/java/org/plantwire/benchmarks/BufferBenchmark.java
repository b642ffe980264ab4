package org.plantwire.benchmarks;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.buffer.BufferStatus;
import org.plantwire.buffer.internal.BufferService;
import org.plantwire.plant.PublisherConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.routes.mqtt.UnsPublisherForBenchmarks;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Mosquitto;

/**
 * Store-and-forward throughput, in two phases on one JVM with a real Mosquitto (child process):
 * <ol>
 *   <li><b>append</b>: with no publisher running (as during a broker outage or a publisher upgrade), N changes of T
 *   tags go into the tag bus; the buffer bundle's feeding appends them to the publisher's durable buffer (H2 MVStore,
 *   committed and forced to disk every {@code --sync-millis}). Measured until all are appended.</li>
 *   <li><b>forward</b>: the publisher starts and empties the buffer to Mosquitto at QoS 1 (retained), with its
 *   window of messages in flight; a Paho subscriber checks every value arrives, in order per topic. Measured until
 *   the subscriber has them all.</li>
 * </ol>
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar org.plantwire.benchmarks.BufferBenchmark --changes 500000 --tags 100
 * </pre>
 * One line: {@code buffer changes=500000 tags=100 append=..../s forward=..../s qos=1 lost=0 outOfOrder=0 file=..MB}.
 */
public final class BufferBenchmark {

    public static void main(String[] args) throws Exception {
        int changes = (int) option(args, "changes", 500_000);
        int tags = (int) option(args, "tags", 100);
        long syncMillis = option(args, "sync-millis", 100);
        int qos = (int) option(args, "qos", 1);
        Path dir = Files.createTempDirectory("buffer-benchmark");
        TagPath[] paths = new TagPath[tags];
        for (int i = 0; i < tags; i++) {
            paths[i] = TagPath.of("acme/bench/line/t" + i);
        }
        try (Mosquitto broker = Mosquitto.start()) {
            TagBusImpl bus = new TagBusImpl();
            PublisherConfig config = PlantFileParser.parse("bench", "bench.yaml", new StringReader(
                    "plant: {enterprise: acme, site: bench}\n"
                    + "publishers:\n"
                    + "  - {name: uns, protocol: mqtt, endpoint: '" + broker.url() + "', root: uns, qos: " + qos
                    + ", retained: true, buffer: {maxEntries: " + (changes + tags) + ", maxBytes: 4GB}}\n"))
                    .plant().publishers().get(0);
            BufferService buffers = new BufferService(dir, syncMillis, bus);
            buffers.add(config);

            // phase 1: append with nobody forwarding
            long t0 = System.nanoTime();
            for (int i = 0; i < changes; i++) {
                bus.publish(paths[i % tags], TagValue.good((long) (i / tags)));
                while (bus.subscriptions().get(0).queued() > 50_000) {
                    Thread.onSpinWait(); // stay below the bus's queue, so nothing is dropped before the buffer
                }
            }
            while (status(buffers).appended() < changes) {
                Thread.sleep(1);
            }
            double appendSeconds = (System.nanoTime() - t0) / 1e9;
            long fileBytes = status(buffers).fileBytes();

            // phase 2: forward to the broker
            AtomicLongArray next = new AtomicLongArray(tags);
            AtomicLong received = new AtomicLong();
            AtomicLong outOfOrder = new AtomicLong();
            MqttClient subscriber = new MqttClient(broker.url(), "bench-subscriber", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(65_535);
            subscriber.connect(o);
            subscriber.subscribe("uns/#", qos, (topic, m) -> {
                if (m.isRetained()) {
                    return;
                }
                int tag = Integer.parseInt(topic.substring(topic.lastIndexOf("/t") + 2));
                String payload = new String(m.getPayload(), StandardCharsets.UTF_8);
                long v = Long.parseLong(payload.substring(payload.indexOf(':') + 1, payload.indexOf(',')));
                if (next.getAndSet(tag, v + 1) != v) {
                    outOfOrder.incrementAndGet();
                }
                received.incrementAndGet();
            });
            long t1 = System.nanoTime();
            AutoCloseable forwarder = UnsPublisherForBenchmarks.forwarder(config, buffers, bus);
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (received.get() < changes && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            double forwardSeconds = (System.nanoTime() - t1) / 1e9;
            forwarder.close();
            subscriber.disconnect();
            subscriber.close();
            buffers.close();
            bus.close();
            System.out.println(String.format(Locale.ROOT,
                    "buffer changes=%d tags=%d sync=%dms append=%.0f/s forward=%.0f/s qos=%d window=1000 lost=%d outOfOrder=%d file=%.0fMB",
                    changes, tags, syncMillis, changes / appendSeconds, received.get() / forwardSeconds, qos,
                    Math.max(0, changes - received.get()), outOfOrder.get(), fileBytes / 1e6));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static BufferStatus status(BufferService buffers) {
        return buffers.status().get(0);
    }

    private static long option(String[] args, String name, long defaultValue) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--" + name)) {
                return Long.parseLong(args[i + 1]);
            }
        }
        return defaultValue;
    }
}
