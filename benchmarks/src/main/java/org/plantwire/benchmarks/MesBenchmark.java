package org.plantwire.benchmarks;

import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.h2.jdbcx.JdbcConnectionPool;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.mes.OrderRequest;
import org.plantwire.mes.internal.MesServiceImpl;
import org.plantwire.mes.rest.internal.RestApi;
import org.plantwire.plant.PlantConfig;
import org.plantwire.plant.PlantRegistry;
import org.plantwire.plant.PlantStatus;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.tagbus.internal.TagBusImpl;

/**
 * Count and machine-state events into the MES at a fixed rate, through the real tag bus, with a running order, the
 * OEE kept current (published within 100 ms of a count change) and the changes stored in an embedded H2 file database (through
 * the outbox). Prints one line: offered and processed events/s, events the MES's subscription dropped, how long after
 * its publication each count was reflected in the order count and OEE figures on the bus (p50/p99/max; the MES
 * publishes them at most every 100 ms per line), downtime events, the order's final count, and the latency
 * of REST API requests made meanwhile (line OEE, the order) at {@code --rest-rate} per second: routing, the service
 * and JSON in process, without the HTTP transport.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.plantwire.benchmarks.MesBenchmark --rate 50000 --seconds 20</pre>
 */
public final class MesBenchmark {

    private static final String PLANT = """
            plant: {enterprise: acme, site: bench}
            connectors:
              - name: plc
                protocol: opcua
                endpoint: opc.tcp://127.0.0.1:4840
                tags:
                  - {path: l1/state, address: "ns=2;s=S", type: integer}
                  - {path: l1/fault, address: "ns=2;s=F", type: integer}
                  - {path: l1/good, address: "ns=2;s=G", type: integer}
                  - {path: l1/reject, address: "ns=2;s=R", type: integer}
            mes:
              microStopSeconds: 0.001
              faultReasons: {101: infeed-jam}
              lines:
                - name: l1
                  bindings: {state: l1/state, faultCode: l1/fault, goodCount: l1/good, rejectCount: l1/reject}
              products:
                - {id: p1, idealCycleSeconds: {l1: 0.00002}}
            """;

    private MesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rate = 50_000;
        int seconds = 20;
        int statePeriod = 1_000; // one machine-state change per this many events
        int restRate = 200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--state-every" -> statePeriod = Integer.parseInt(args[++i]);
                case "--rest-rate" -> restRate = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--rate N --seconds N --state-every N --rest-rate N)");
            }
        }
        Path dir = Files.createTempDirectory("plantwire-mes-bench");
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("db"), "sa", "");
        TagBusImpl bus = new TagBusImpl();
        PlantConfig plant = PlantFileParser.parse("bench", "bench.yaml", new StringReader(PLANT)).plant();
        PlantRegistry plants = new PlantRegistry() {
            @Override
            public List<PlantStatus> plants() {
                return List.of(new PlantStatus("bench.yaml", plant, 1, 0, List.of()));
            }

            @Override
            public String directory() {
                return dir.toString();
            }

            @Override
            public void reload() {
            }
        };
        MesServiceImpl mes = new MesServiceImpl(bus, plants, pool, config(dir.resolve("outbox.mv.db").toString()));
        TagPath good = TagPath.of("acme/bench/l1/good");
        TagPath state = TagPath.of("acme/bench/l1/state");
        TagPath fault = TagPath.of("acme/bench/l1/fault");
        bus.publish(state, TagValue.good(2L));
        bus.publish(good, TagValue.good(0L));
        bus.publish(TagPath.of("acme/bench/l1/reject"), TagValue.good(0L));
        mes.createOrder(new OrderRequest("B-1", "p1", "l1", Long.MAX_VALUE / 2, null, 0), "bench");
        mes.release("B-1", "bench");
        mes.start("B-1", "bench");

        long total = (long) rate * seconds;
        long[] sentAt = new long[(int) total + 2];
        Histogram lag = new Histogram(3_600_000_000L, 3);
        AtomicLong lastSeen = new AtomicLong();
        // the order's count is published with the OEE figures of the same change: its arrival is "OEE current"
        Subscription watch = bus.subscribe(TagPattern.of("acme/bench/l1/mes/order-good"), (p, v) -> {
            // every count up to this one is now reflected on the bus: how long after it was published
            long n = Math.min(((Number) v.value()).longValue(), total);
            long now = System.nanoTime();
            for (long k = lastSeen.get() + 1; k <= n; k++) {
                if (sentAt[(int) k] > 0) {
                    lag.recordValue(Math.max(0, (now - sentAt[(int) k]) / 1_000));
                }
            }
            lastSeen.set(Math.max(lastSeen.get(), n));
        }, "bench-watch", 1_000_000, false);

        RestApi rest = new RestApi(mes);
        Histogram restLatency = new Histogram(3_600_000_000L, 3);
        AtomicLong restErrors = new AtomicLong();
        long restPeriod = 1_000_000_000L / Math.max(1, restRate);
        Thread client = new Thread(() -> {
            long next = System.nanoTime();
            int i = 0;
            while (!Thread.currentThread().isInterrupted()) {
                next += restPeriod;
                long t = System.nanoTime();
                RestApi.Response r = rest.handle("GET", i++ % 2 == 0 ? "/lines/l1/oee" : "/orders/B-1", java.util.Map.of(),
                        "", "bench");
                restLatency.recordValue(Math.max(0, (System.nanoTime() - t) / 1_000));
                if (r.status() != 200) {
                    restErrors.incrementAndGet();
                }
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(sleep);
                }
            }
        }, "bench-rest");
        client.setDaemon(true);
        client.start();

        long events = 0;
        long count = 0;
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / rate;
        boolean down = false;
        while (events < total) {
            long due = start + events * periodNanos;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            events++;
            if (events % statePeriod == 0) {
                down = !down;
                if (down) {
                    bus.publish(fault, TagValue.good(101L));
                }
                bus.publish(state, TagValue.good(down ? 3L : 2L));
            } else {
                count++;
                sentAt[(int) count] = System.nanoTime();
                bus.publish(good, TagValue.good(count));
            }
        }
        long sent = System.nanoTime();
        client.interrupt();
        long finalCount = count;
        while (mes.order("B-1").get().good() < finalCount && System.nanoTime() - sent < 30_000_000_000L) {
            Thread.sleep(1);
        }
        long done = System.nanoTime();
        long processed = mes.order("B-1").get().good();
        mes.flush();
        int downtime = mes.downtime("l1", Integer.MAX_VALUE).size();
        long dropped = bus.subscriptions().stream().filter(s -> s.name().startsWith("mes:"))
                .mapToLong(Subscription::dropped).sum();
        watch.close();
        mes.deactivate();
        pool.dispose();
        double secondsTaken = (done - start) / 1e9;
        System.out.printf(Locale.ROOT, "mes offered=%d/s processed=%.0f/s events=%d counted=%d/%d dropped=%d "
                        + "oeeLagP50=%.2fms oeeLagP99=%.2fms oeeLagMax=%.2fms downtimeEvents=%d "
                        + "rest=%d restP50=%.2fms restP99=%.2fms restErrors=%d%n",
                rate, events / secondsTaken, events, processed, finalCount, dropped,
                lag.getValueAtPercentile(50) / 1000.0, lag.getValueAtPercentile(99) / 1000.0,
                lag.getMaxValue() / 1000.0, downtime, restLatency.getTotalCount(),
                restLatency.getValueAtPercentile(50) / 1000.0, restLatency.getValueAtPercentile(99) / 1000.0,
                restErrors.get());
        System.exit(0);
    }

    private static MesServiceImpl.Config config(String outbox) {
        return new MesServiceImpl.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MesServiceImpl.Config.class;
            }

            @Override
            public long rescanMillis() {
                return 60_000;
            }

            @Override
            public long flushMillis() {
                return 1_000;
            }

            @Override
            public String zone() {
                return "UTC";
            }

            @Override
            public String outboxFile() {
                return outbox;
            }
        };
    }
}
