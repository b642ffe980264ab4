package org.plantwire.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagListener;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.tagbus.internal.TagBusSettings;

/**
 * How many updates per second one connector thread can push through the tag bus.
 *
 * <p>10,000 tags {@code acme/site1/area1/line<0..9>/cell<0..9>/point<0..99>}, published round-robin by ONE thread,
 * with 10 subscribers (default queue capacity, 65536), a mix of what a plant server runs:
 * <pre>
 *   uns-publisher    acme/#                                all 10,000 tags (UNS / Sparkplug publisher to MQTT)
 *   historian        acme/site1/#                          all 10,000 tags
 *   mes-line0..3     acme/site1/area1/line&lt;k&gt;/#            1,000 tags each (MES counts and OEE per line)
 *   oee-cell1        acme/+/+/+/cell1/#                    1,000 tags (one cell type on every line)
 *   alarms-point7    acme/site1/area1/+/+/point7             100 tags (alarm on one point of every cell)
 *   hmi-line5-cell5  acme/site1/area1/line5/cell5/+          100 tags (an HMI screen)
 *   watch-one        acme/site1/area1/line9/cell9/point99      1 tag  (plant:watch in the shell)
 * </pre>
 * so each update goes to 2.52 subscribers on average (25,201 deliveries per 10,000 updates).
 *
 * <p>{@link #publishPrebuilt} publishes pre-built values (it measures the bus alone); {@link #publishNewValue}
 * builds a new {@code TagValue.good(Double)} per update, as connectors do. After each iteration the queues are
 * drained (not timed) and one line reports what the subscribers received and dropped; a last line sums up the run.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TagBusPublishBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class TagBusPublishBenchmark {

    static final int LINES = 10;
    static final int CELLS = 10;
    static final int POINTS = 100;
    static final int TAGS = LINES * CELLS * POINTS;

    static final String[][] SUBSCRIBERS = {
            {"uns-publisher", "acme/#"},
            {"historian", "acme/site1/#"},
            {"mes-line0", "acme/site1/area1/line0/#"},
            {"mes-line1", "acme/site1/area1/line1/#"},
            {"mes-line2", "acme/site1/area1/line2/#"},
            {"mes-line3", "acme/site1/area1/line3/#"},
            {"oee-cell1", "acme/+/+/+/cell1/#"},
            {"alarms-point7", "acme/site1/area1/+/+/point7"},
            {"hmi-line5-cell5", "acme/site1/area1/line5/cell5/+"},
            {"watch-one", "acme/site1/area1/line9/cell9/point99"},
    };

    private TagBusImpl bus;
    private TagPath[] paths;
    private TagValue[] values;
    private final List<Subscription> subscriptions = new ArrayList<>();
    /** Deliveries one full round over all tags makes. */
    private long deliveriesPerRound;

    private int next;
    private long published;
    private double counter;

    private long publishedAtStart;
    private long deliveredAtStart;
    private long droppedAtStart;
    private String benchmark;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        bus = new TagBusImpl(TagBusSettings.defaults());
        paths = new TagPath[TAGS];
        values = new TagValue[TAGS];
        int i = 0;
        for (int line = 0; line < LINES; line++) {
            for (int cell = 0; cell < CELLS; cell++) {
                for (int point = 0; point < POINTS; point++) {
                    paths[i] = TagPath.of("acme/site1/area1/line" + line + "/cell" + cell + "/point" + point);
                    values[i] = TagValue.good((double) i);
                    bus.publish(paths[i], values[i]);
                    i++;
                }
            }
        }
        for (String[] s : SUBSCRIBERS) {
            TagPattern pattern = TagPattern.of(s[1]);
            subscriptions.add(bus.subscribe(pattern, new CountingListener(), s[0],
                    TagBusSettings.DEFAULT_QUEUE_CAPACITY, false));
            for (TagPath p : paths) {
                if (pattern.matches(p)) {
                    deliveriesPerRound++;
                }
            }
        }
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        publishedAtStart = published;
        deliveredAtStart = delivered();
        droppedAtStart = dropped();
    }

    @Benchmark
    public void publishPrebuilt() {
        int i = next;
        bus.publish(paths[i], values[i]);
        next = i + 1 == TAGS ? 0 : i + 1;
        published++;
    }

    @Benchmark
    public void publishNewValue() {
        int i = next;
        bus.publish(paths[i], TagValue.good(counter++));
        next = i + 1 == TAGS ? 0 : i + 1;
        published++;
    }

    @TearDown(Level.Iteration)
    public void endIteration() throws InterruptedException {
        drain();
        long p = published - publishedAtStart;
        long delivered = delivered() - deliveredAtStart;
        long dropped = dropped() - droppedAtStart;
        System.out.printf(Locale.ROOT, "  [%s] %,d updates -> %,d deliveries expected, %,d delivered, %,d dropped (%.2f%%)%n",
                benchmark, p, expected(p), delivered, dropped, 100.0 * dropped / Math.max(1, delivered + dropped));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        drain();
        StringBuilder perSub = new StringBuilder();
        for (Subscription s : subscriptions) {
            perSub.append(String.format(Locale.ROOT, "%n    %-16s %-40s delivered %,14d  dropped %,12d", s.name(), s.pattern(),
                    s.delivered(), s.dropped()));
        }
        System.out.printf(Locale.ROOT, "%nTagBusPublishBenchmark.%s: %,d tags, %d subscribers, 1 publisher: %,d updates,"
                        + " %,d deliveries expected, %,d delivered, %,d dropped%s%n", benchmark, TAGS, subscriptions.size(),
                published, expected(published), delivered(), dropped(), perSub);
        bus.close();
    }

    /** Deliveries the updates published so far call for (round-robin from tag 0). */
    private long expected(long updates) {
        // whole rounds are exact; the partial round is estimated at the average rate
        return updates / TAGS * deliveriesPerRound + (updates % TAGS) * deliveriesPerRound / TAGS;
    }

    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            int queued = 0;
            for (Subscription s : subscriptions) {
                queued += s.queued();
            }
            if (queued == 0) {
                return;
            }
            Thread.sleep(5);
        }
    }

    private long delivered() {
        long n = 0;
        for (Subscription s : subscriptions) {
            n += s.delivered();
        }
        return n;
    }

    private long dropped() {
        long n = 0;
        for (Subscription s : subscriptions) {
            n += s.dropped();
        }
        return n;
    }

    /** A subscriber that does next to nothing, so the benchmark measures the bus. */
    static final class CountingListener implements TagListener {
        long events;
        Object last;

        @Override
        public void onTag(TagPath path, TagValue value) {
            events++;
            last = value;
        }
    }
}
