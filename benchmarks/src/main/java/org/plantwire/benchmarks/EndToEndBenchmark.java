package org.plantwire.benchmarks;

import java.io.IOException;
import java.io.StringReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagInfo;
import org.plantwire.api.TagPath;
import org.plantwire.camel.tag.TagComponents;
import org.plantwire.plant.PlantConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.routes.mqtt.UnsPublisherForBenchmarks;
import org.plantwire.routes.opcua.OpcUaRoutesForBenchmarks;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Mosquitto;

/**
 * End-to-end throughput and latency of one JVM running the product's OPC UA connector route and unified-namespace
 * MQTT publisher route, as they run in Karaf but on a plain class path:
 * <pre>
 *   load generator ─► Milo OPC UA server ─► OpcUaConnectorRoutes ─► TagBusImpl ─► buffer ─► UnsForwarder
 *   (N Double nodes,   (127.0.0.1, free     (Milo client,          (tag bus)  (MVStore) (JSON, Paho async)
 *    R changes/s each)  port, sampling)      subscriptions)                                    │
 *                                                               Paho subscriber ◄─ Mosquitto ◄─┘
 *                                                               (uns/#: latency, gaps)  (child process)
 * </pre>
 * Every node's value is a sequence number that goes up by one per change, with the change's time as the OPC UA
 * source time, so the subscriber can count what never arrived and measure source time to MQTT receipt.
 *
 * <p>Run (after {@code mvn -B -q -f benchmarks/pom.xml package -DskipTests}; needs Debian's {@code mosquitto}):
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar org.plantwire.benchmarks.EndToEndBenchmark --tags 1000 --rate 10 --seconds 30
 * </pre>
 * Options (all optional):
 * <pre>
 *   --tags N                 OPC UA nodes and tags (default 1000)
 *   --rate R                 changes per second of each node, Hz (default 10); offered load = N * R updates/s
 *   --seconds S              measured time, s (default 30)
 *   --warmup W               time before measuring, s (default 5)
 *   --qos Q                  MQTT QoS of the publisher and the subscriber, 0-2 (default 1)
 *   --retained true|false    publisher's retain flag (default true, the product's default)
 *   --sampling-millis MS     OPC UA sampling interval (default 1000 / R / 2, at least 1: two samples per change)
 *   --publishing-millis MS   OPC UA publishing interval (default 100)
 *   --items-per-subscription maxItemsPerSubscription of the connector (default 1000)
 *   --drain D                longest wait after the window for values still under way, s (default 60)
 * </pre>
 * After the warm-up it measures for S seconds, stops the load, waits until every value changed in the window has
 * arrived (or none arrived for 3 s, or D passed), and prints one line:
 * <pre>
 *   e2e tags=1000 rate=10Hz qos=1 offered=10000/s delivered=10000/s lost=0 p50=150ms p99=256ms max=336ms cpu=90% rss=500MB | ...
 * </pre>
 * {@code offered}: changes the load made in the window per second; {@code delivered}: messages the subscriber received
 * during the window per second (below {@code offered} when the chain falls behind: a backlog grows); {@code lost}:
 * changes of the window that never arrived, even after the drain (OPC UA sampling may skip a change when sampling
 * falls behind, so a loss is not necessarily Plantwire's);
 * latencies: change's source time to MQTT receipt, whole ms, including up to one sampling and one publishing
 * interval of OPC UA; {@code cpu}: this JVM's CPU time over the window as % of one core (server, load, routes and
 * subscriber together; 200% = two cores busy); {@code rss}: VmRSS at the end of the window. After the bar,
 * diagnostics: {@code bus} tag-bus updates/s, {@code queuePeak}/{@code busDropped} the publisher's buffer feeding tag subscription
 * queue (peak length, values dropped because it was full), {@code dup} values received twice, {@code broker}
 * Mosquitto's CPU %, {@code gc} GC pause time in the window, the OPC UA intervals used.
 */
public final class EndToEndBenchmark {

    private static final String PLANT_PREFIX = "acme/bench";
    private static final String TOPIC_ROOT = "uns";
    /** Values a monitored item holds between publishes in OpcUaConnectorRoutes (its QUEUE_SIZE). */
    private static final int ROUTE_ITEM_QUEUE = 20;

    private final Map<String, String> options;
    private final int tags;
    private final double rate;
    private final int seconds;
    private final int warmup;
    private final int qos;
    private final boolean retained;
    private final long samplingMillis;
    private final long publishingMillis;
    private final int itemsPerSubscription;
    private final int drainSeconds;

    private EndToEndBenchmark(Map<String, String> options) {
        this.options = options;
        tags = (int) number("tags", 1000, 1, 1_000_000);
        rate = Double.parseDouble(options.getOrDefault("rate", "10"));
        if (!(rate > 0 && rate <= 10_000)) {
            throw new IllegalArgumentException("--rate must be > 0 and <= 10000 Hz");
        }
        seconds = (int) number("seconds", 30, 1, 86_400);
        warmup = (int) number("warmup", 5, 0, 3_600);
        qos = (int) number("qos", 1, 0, 2);
        retained = Boolean.parseBoolean(options.getOrDefault("retained", "true"));
        samplingMillis = number("sampling-millis", Math.max(1, (long) (1000 / rate / 2)), 1, 86_400_000);
        publishingMillis = number("publishing-millis", 100, 1, 86_400_000);
        itemsPerSubscription = (int) number("items-per-subscription", 1000, 1, 1_000_000);
        drainSeconds = (int) number("drain", 60, 1, 86_400);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println("usage: EndToEndBenchmark [--tags N] [--rate HZ] [--seconds S] [--warmup S] [--qos 0-2]"
                        + " [--retained true|false] [--sampling-millis MS] [--publishing-millis MS]"
                        + " [--items-per-subscription N] [--drain S]   (see the class javadoc / benchmarks/README.md)");
                return;
            }
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                System.err.println("unexpected argument '" + args[i] + "'; try --help");
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        // quiet libraries unless asked otherwise (-Dorg.slf4j.simpleLogger.defaultLogLevel=info)
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int status;
        try {
            new EndToEndBenchmark(options).run();
            status = 0;
        } catch (IllegalArgumentException e) {
            System.err.println("e2e: " + e.getMessage());
            status = 2;
        }
        // Milo's shared event loop and executors are not daemon threads
        System.exit(status);
    }

    private long number(String name, long fallback, long min, long max) {
        String text = options.get(name);
        long v = text == null ? fallback : Long.parseLong(text);
        if (v < min || v > max) {
            throw new IllegalArgumentException("--" + name + " must be " + min + ".." + max);
        }
        return v;
    }

    private void run() throws Exception {
        for (String name : options.keySet()) {
            if (!Stream.of("tags", "rate", "seconds", "warmup", "qos", "retained", "sampling-millis", "publishing-millis",
                    "items-per-subscription", "drain").anyMatch(name::equals)) {
                throw new IllegalArgumentException("unknown option --" + name + "; try --help");
            }
        }
        if (rate * publishingMillis / 1000.0 > ROUTE_ITEM_QUEUE) {
            System.err.printf(Locale.ROOT, "e2e: warning: %.0f changes per node per publishing interval exceed the connector's"
                    + " monitored-item queue (%d): the server will discard the oldest; lower --publishing-millis%n",
                    rate * publishingMillis / 1000.0, ROUTE_ITEM_QUEUE);
        }
        Path dir = Files.createTempDirectory("plantwire-e2e");
        // the OPC UA connector keeps its client certificate under karaf.data
        System.setProperty("karaf.data", dir.resolve("data").toString());
        System.setProperty("karaf.etc", dir.resolve("etc").toString());
        Mosquitto broker = null;
        LoadServer server = null;
        TagBusImpl bus = null;
        CamelContext context = null;
        AutoCloseable publisher = null;
        LatencySubscriber subscriber = null;
        ScheduledExecutorService load = null;
        try {
            broker = Mosquitto.start();
            server = LoadServer.start(tags);
            bus = new TagBusImpl();
            PlantConfig plant = plant(server.endpointUrl(), broker.url());
            context = new DefaultCamelContext();
            TagComponents.addTo(context, bus);
            context.start();
            subscriber = new LatencySubscriber(broker.url(), TOPIC_ROOT, tags, qos);
            publisher = UnsPublisherForBenchmarks.start(plant.publishers().get(0), bus, Files.createTempDirectory("e2e-buffer"));
            context.addRoutes(OpcUaRoutesForBenchmarks.connector(plant.connectors().get(0), bus));
            System.err.printf(Locale.ROOT, "e2e: server %s, broker %s, %d tags in %d subscription(s), sampling %d ms,"
                    + " publishing %d ms; waiting for every tag's first value%n", server.endpointUrl(), broker.url(), tags,
                    (tags + itemsPerSubscription - 1) / itemsPerSubscription, samplingMillis, publishingMillis);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (subscriber.tagsSeen() < tags) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + subscriber.tagsSeen() + " of " + tags
                            + " tags reached the subscriber in 120 s; connector: " + bus.connectors());
                }
                Thread.sleep(50);
            }

            // the load: every node changes R times a second, all in one pass per tick
            AtomicLong lastSequence = new AtomicLong();
            LoadServer s = server;
            load = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "e2e-load"));
            load.scheduleAtFixedRate(() -> s.setAll(lastSequence.incrementAndGet()), 0, (long) (1e9 / rate),
                    TimeUnit.NANOSECONDS);
            System.err.printf(Locale.ROOT, "e2e: load started, %.0f changes/s; warm-up %d s, then %d s measured%n",
                    tags * rate, warmup, seconds);
            Thread.sleep(warmup * 1000L);

            Subscription uns = bus.subscriptions().stream().filter(x -> x.name().contains(TOPIC_ROOT)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no tag subscription of the publisher route"));
            // first sequence of the window: the next change the load makes
            long first = lastSequence.get() + 1;
            subscriber.measureFrom(first);
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            long gc0 = gcMillis();
            Optional<ProcessHandle> mosquitto = ProcessHandle.current().children()
                    .filter(p -> p.info().command().map(c -> c.contains("mosquitto")).orElse(false)).findFirst();
            long broker0 = cpuNanos(mosquitto);
            long bus0 = busUpdates(bus);
            long arrivals0 = subscriber.arrivals();
            long dropped0 = uns.dropped();
            int queuePeak = 0;
            long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                queuePeak = Math.max(queuePeak, uns.queued());
                Thread.sleep(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
            }
            long t1 = System.nanoTime();
            long cpu1 = processCpuNanos();
            long gc1 = gcMillis();
            long broker1 = cpuNanos(mosquitto);
            long bus1 = busUpdates(bus);
            long arrivals1 = subscriber.arrivals();
            long rss = rssKilobytes();
            load.shutdown();
            load.awaitTermination(10, TimeUnit.SECONDS);
            // read after the load stopped: no change after `last` exists, so all the subscriber counts is the window's
            long last = lastSequence.get();

            long offered = (last - first + 1) * tags;
            long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
            long previous = -1;
            long quietSince = System.nanoTime();
            while (System.nanoTime() < drainEnd) {
                queuePeak = Math.max(queuePeak, uns.queued());
                long got = subscriber.inWindow();
                if (got >= offered) {
                    break;
                }
                if (got != previous) {
                    previous = got;
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(3)) {
                    break;
                }
                Thread.sleep(20);
            }
            long delivered = subscriber.inWindow();
            double window = (t1 - t0) / 1e9;
            Histogram h = subscriber.latencies();
            System.out.println(String.format(Locale.ROOT,
                    "e2e tags=%d rate=%sHz qos=%d offered=%.0f/s delivered=%.0f/s lost=%d p50=%dms p99=%dms max=%dms"
                            + " cpu=%.0f%% rss=%dMB | bus=%.0f/s queuePeak=%d busDropped=%d dup=%d notGood=%d broker=%s"
                            + " gc=%dms sampling=%dms publishing=%dms",
                    tags, trim(rate), qos, offered / window, (arrivals1 - arrivals0) / window, offered - delivered,
                    h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(50),
                    h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(99),
                    h.getTotalCount() == 0 ? -1 : h.getMaxValue(),
                    (cpu1 - cpu0) / 1e9 / window * 100, rss / 1024, (bus1 - bus0) / window, queuePeak,
                    uns.dropped() - dropped0, subscriber.duplicates(), subscriber.notGood(),
                    broker0 < 0 || broker1 < 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", (broker1 - broker0) / 1e9 / window * 100),
                    gc1 - gc0, samplingMillis, publishingMillis));
            if (subscriber.unparsed() > 0) {
                System.err.println("e2e: " + subscriber.unparsed() + " messages could not be parsed");
            }
        } finally {
            if (load != null) {
                load.shutdownNow();
            }
            if (context != null) {
                context.stop();
            }
            if (publisher != null) {
                try {
                    publisher.close();
                } catch (Exception ignored) {
                    // stopping anyway
                }
            }
            if (subscriber != null) {
                try {
                    subscriber.close();
                } catch (Exception ignored) {
                    // the broker goes next anyway
                }
            }
            if (bus != null) {
                bus.close();
            }
            if (server != null) {
                server.close();
            }
            if (broker != null) {
                broker.close();
            }
            deleteTree(dir);
        }
    }

    /** The plant file an integrator would write for this load: one OPC UA connector, one UNS publisher. */
    private PlantConfig plant(String opcUaEndpoint, String brokerUrl) {
        StringBuilder yaml = new StringBuilder(64 * tags + 1024)
                .append("plant: {enterprise: acme, site: bench}\n")
                .append("connectors:\n")
                .append("  - name: load\n")
                .append("    protocol: opcua\n")
                .append("    endpoint: ").append(opcUaEndpoint).append('\n')
                .append("    timing: {samplingMillis: ").append(samplingMillis).append(", publishingMillis: ")
                .append(publishingMillis).append(", reconnectMinMillis: 200, reconnectMaxMillis: 2000}\n")
                .append("    limits: {maxItemsPerSubscription: ").append(itemsPerSubscription).append("}\n")
                .append("    tags:\n");
        for (int i = 0; i < tags; i++) {
            yaml.append("      - {path: load/t").append(i).append(", address: 'ns=2;s=Load/T").append(i)
                    .append("', type: float}\n");
        }
        yaml.append("publishers:\n")
                .append("  - {name: ").append(TOPIC_ROOT).append(", protocol: mqtt, endpoint: '").append(brokerUrl)
                .append("', root: ").append(TOPIC_ROOT).append(", qos: ").append(qos).append(", retained: ")
                .append(retained).append("}\n");
        PlantFileParser.Result result = PlantFileParser.parse("bench", "bench.yaml", new StringReader(yaml.toString()));
        if (!result.problems().isEmpty()) {
            throw new IllegalStateException("the generated plant file was refused: " + result.problems());
        }
        return result.plant();
    }

    private long busUpdates(TagBusImpl bus) {
        long sum = 0;
        for (int i = 0; i < tags; i++) {
            sum += bus.info(TagPath.of(PLANT_PREFIX + "/load/t" + i)).map(TagInfo::updates).orElse(0L);
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long cpuNanos(Optional<ProcessHandle> process) {
        return process.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /** VmRSS of this process, kB (0 where /proc is not there). */
    private static long rssKilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return 0;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder
        }
    }
}
