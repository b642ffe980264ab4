package org.plantwire.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.historian.Historian;
import org.plantwire.historian.internal.HistorianForBenchmarks;
import org.plantwire.tagbus.internal.TagBusImpl;

/**
 * The historian as Karaf runs it, on one JVM, in two parts:
 * <ol>
 *   <li><b>ingest</b>: T tags change as fast as the historian takes them for S seconds, through {@code TagBusImpl} and
 *   the historian's own subscription (queue 500,000; the publisher waits while more than 200,000 are queued, so
 *   nothing is dropped); values like an instrument's (two decimals, a slow wave with noise), source times 10 ms apart
 *   per tag. Measured until every change is recorded (flushed every second, as in the server).</li>
 *   <li><b>one day at 1 Hz</b>: a separate store gets one tag's day (86,400 points) through the bus; then the raw
 *   query of the whole day and aggregate queries (1-minute and 1-hour intervals) are timed, each run Q times on the
 *   warm JVM (median and max reported).</li>
 * </ol>
 * Bytes per point are the store files' sizes after a clean stop divided by the points they hold.
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar org.plantwire.benchmarks.HistorianBenchmark --tags 1000 --seconds 30
 * </pre>
 */
public final class HistorianBenchmark {

    /** Two days ago at midnight (UTC): well within the retention, so nothing expires while measuring. */
    private static final long T0 = (System.currentTimeMillis() / 86_400_000L - 2) * 86_400_000L;

    public static void main(String[] args) throws Exception {
        int tags = (int) option(args, "tags", 1000);
        long seconds = option(args, "seconds", 30);
        int queries = (int) option(args, "queries", 20);
        Path dir = Files.createTempDirectory("historian-benchmark");

        // part 1: ingest
        TagPath[] paths = new TagPath[tags];
        for (int i = 0; i < tags; i++) {
            paths[i] = TagPath.of("acme/bench/line" + (i / 100) + "/t" + i);
        }
        TagBusImpl bus = new TagBusImpl();
        Historian historian = HistorianForBenchmarks.start(bus, dir.resolve("ingest.mv.db"), 500_000);
        java.util.Random noise = new java.util.Random(7);
        long published = 0;
        long start = System.nanoTime();
        long stopAt = start + seconds * 1_000_000_000L;
        for (long step = 0; System.nanoTime() < stopAt; step++) {
            long time = T0 + step * 10;
            for (int i = 0; i < tags; i++) {
                double v = Math.round((50 + 10 * Math.sin((step + i) / 300.0) + noise.nextGaussian() * 0.2) * 100) / 100.0;
                bus.publish(paths[i], new TagValue(v, Quality.GOOD, time, time));
                published++;
            }
            while (historianQueue(bus) > 200_000) {
                Thread.onSpinWait();
            }
        }
        while (historian.status().recorded() + historian.status().filtered() < published) {
            Thread.sleep(1);
        }
        double ingestSeconds = (System.nanoTime() - start) / 1e9;
        long busDropped = historian.status().busDropped();
        long recorded = historian.status().recorded();
        HistorianForBenchmarks.stop(historian);
        double ingestBytesPerPoint = (double) Files.size(dir.resolve("ingest.mv.db")) / recorded;
        bus.close();

        // part 2: one tag, one day at 1 Hz
        TagBusImpl dayBus = new TagBusImpl();
        Historian day = HistorianForBenchmarks.start(dayBus, dir.resolve("day.mv.db"), 500_000);
        TagPath tag = TagPath.of("acme/bench/line/day");
        for (int s = 0; s < 86_400; s++) {
            double v = Math.round((60 + 8 * Math.sin(s / 3_600.0) + noise.nextGaussian() * 0.05) * 100) / 100.0;
            long time = T0 + s * 1000L;
            dayBus.publish(tag, new TagValue(v, Quality.GOOD, time, time));
        }
        while (day.status().recorded() + day.status().filtered() < 86_400) {
            Thread.sleep(1);
        }
        long dayPoints = day.status().recorded();
        day.flush();
        System.gc(); // the ingest part's garbage is not the queries' to collect
        long from = T0;
        long to = T0 + 86_400_000L;
        // the first of each, cold (the code not yet compiled by the JIT), then the warm runs
        long cold = System.nanoTime();
        day.raw(tag, from, to, 100_000);
        double rawCold = (System.nanoTime() - cold) / 1e6;
        cold = System.nanoTime();
        day.aggregate(tag, from, to, 60_000);
        double aggCold = (System.nanoTime() - cold) / 1e6;
        double[] raw = new double[queries];
        double[] agg1m = new double[queries];
        double[] agg1h = new double[queries];
        int rawCount = 0;
        int aggRows = 0;
        for (int q = 0; q < queries; q++) {
            long t = System.nanoTime();
            rawCount = day.raw(tag, from, to, 100_000).size();
            raw[q] = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            aggRows = day.aggregate(tag, from, to, 60_000).size();
            agg1m[q] = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            day.aggregate(tag, from, to, 3_600_000).size();
            agg1h[q] = (System.nanoTime() - t) / 1e6;
        }
        HistorianForBenchmarks.stop(day);
        double dayBytesPerPoint = (double) Files.size(dir.resolve("day.mv.db")) / dayPoints;
        dayBus.close();

        System.out.printf(Locale.ROOT, "historian tags=%d ingest=%.0f/s points=%d busDropped=%d bytesPerPoint=%.2f"
                        + " | day(1Hz) points=%d raw=%s agg1m(%d rows)=%s agg1h=%s ms (median/max of %d warm; cold raw=%.1f agg1m=%.1f)"
                        + " bytesPerPoint=%.2f%n",
                tags, recorded / ingestSeconds, recorded, busDropped, ingestBytesPerPoint, rawCount, stats(raw), aggRows,
                stats(agg1m), stats(agg1h), queries, rawCold, aggCold, dayBytesPerPoint);
        System.exit(0);
    }

    private static long historianQueue(TagBusImpl bus) {
        return bus.subscriptions().stream().filter(s -> s.name().equals("historian")).mapToLong(s -> s.queued()).sum();
    }

    private static String stats(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.1f/%.1f", sorted[sorted.length / 2], sorted[sorted.length - 1]);
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
