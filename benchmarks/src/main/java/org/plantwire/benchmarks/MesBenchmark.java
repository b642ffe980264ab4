package org.plantwire.benchmarks;

import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.h2.jdbcx.JdbcConnectionPool;
import org.plantwire.access.Actor;
import org.plantwire.access.Role;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.mes.DowntimeEvent;
import org.plantwire.mes.OrderRequest;
import org.plantwire.mes.OrderState;
import org.plantwire.mes.internal.MesServiceImpl;
import org.plantwire.plant.PlantConfig;
import org.plantwire.plant.PlantRegistry;
import org.plantwire.plant.PlantStatus;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.tagbus.internal.TagBusImpl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Count and machine-state events into the MES at a fixed rate, through the real tag bus, with a running order, the
 * OEE kept current (published within 100 ms of a count change) and the changes stored in an embedded H2 file database
 * (through the outbox), while clients use the MES REST API over real HTTP. Prints one line: offered and processed
 * events/s, events the MES's subscription dropped, how long after its publication each count was reflected in the
 * order count and OEE figures on the bus (p50/p99/max; the MES publishes them at most every 100 ms per line),
 * downtime events, the order's final count; then the REST latency.
 *
 * <p>REST: the real {@code MesServlet} served by an embedded Jetty 9.4 (the major version Pax Web 8 runs in the
 * assembly) on 127.0.0.1, {@code --http-clients} clients (each its own {@link java.net.http.HttpClient}, HTTP/1.1
 * keep-alive) sending {@code --rest-rate} requests/s of the {@link MesRestMix} (reads of line OEE, the order, the
 * order list and downtime; 15% writes: downtime reasons assigned, orders created and released). The login is NOT
 * measured: a servlet filter stands in for the Plantwire servlet context and sets the actor it would set after a JAAS
 * login (the printed line says so). Latency counts from each request's intended send time, so stalls are charged to
 * the requests queued behind them (no coordinated omission); 2 s of requests before the events start are warm-up.
 * Any answer that is not 2xx is an error: the line then ends in {@code FAILED} and the exit code is 1.
 * {@code --rest-breakdown} adds one line per kind of request with its service time (send to answer).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.plantwire.benchmarks.MesBenchmark --rate 50000 --seconds 20 --rest-rate 200
 * </pre>
 *
 * <p>Against a running distribution (real Pax Web, JAAS Basic login on every request, the simulated plant), the
 * read-only part of the mix, no events of our own:
 * {@code --url http://127.0.0.1:8181 --user viewer --password viewer --rest-rate 200 --seconds 20}.
 *
 * <p>On 2 cores, quiet machine, two runs each: at 200 requests/s REST p50 0.79/0.69 ms, p99 5.01/4.59 ms, p99.9
 * 7.7/8.9 ms, max 9.5/14.6 ms; at 1000/s p50 0.60/0.65 ms, p99 10.32/8.56 ms, p99.9 21.5/16.3 ms, max 29.9/25.6 ms;
 * no errors, 49,874-49,950 events/s processed, none dropped, oeeLag p99 36-40 ms. At 2,000/s the machine no longer
 * keeps up (requests queue, fewer events sent). Against the distribution (reads, Basic login): p99 5-8 ms at 200/s,
 * 3-5 ms at 1000/s. Runs beside other builds are much worse; benchmarks/README.md has the lines.
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

    /** Requests sent before measuring: connections opened, both sides' code compiled. */
    private static final long WARMUP_MILLIS = 2_000;

    private MesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rate = 50_000;
        int seconds = 20;
        int statePeriod = 1_000; // one machine-state change per this many events
        int restRate = 200;
        int clients = 8;
        String url = null;
        String user = null;
        String password = null;
        boolean breakdown = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--state-every" -> statePeriod = Integer.parseInt(args[++i]);
                case "--rest-rate" -> restRate = Integer.parseInt(args[++i]);
                case "--http-clients" -> clients = Integer.parseInt(args[++i]);
                case "--url" -> url = args[++i];
                case "--user" -> user = args[++i];
                case "--password" -> password = args[++i];
                case "--rest-breakdown" -> breakdown = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--rate N --seconds N --state-every N --rest-rate N --http-clients N --rest-breakdown;"
                        + " against a running server: --url U --user U --password P --rest-rate N --seconds N)");
            }
        }
        HttpLoad.Result rest = url == null ? underLoad(rate, seconds, statePeriod, restRate, clients)
                : running(URI.create(url.endsWith("/") ? url : url + "/"), user, password, restRate, clients, seconds);
        if (breakdown && rest != null) {
            System.out.print(rest.breakdown());
        }
        System.exit(rest == null || !rest.failed() ? 0 : 1);
    }

    /** The MES on its own tag bus and database, events at {@code rate}, the REST API over HTTP meanwhile. */
    private static HttpLoad.Result underLoad(int rate, int seconds, int statePeriod, int restRate, int clients)
            throws Exception {
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

        MesHttpServer http = MesHttpServer.start(mes, new Actor("bench", Role.OPERATOR, "rest"));
        MesRestMix mix = new MesRestMix(http.base(), "l1", "B-1", "p1");
        HttpLoad load = restRate > 0 ? new HttpLoad(restRate, clients, null, mix) : null;
        if (load != null) {
            load.start();
            Thread.sleep(WARMUP_MILLIS); // connections open, both sides' JIT warm: not measured
            load.record();
        }

        long events = 0;
        long count = 0;
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / rate;
        boolean down = false;
        while (events < total) {
            long due = start + events * periodNanos;
            // sleep rather than spin until the event is due: a spinning driver would take one of the two cores from
            // the MES and the HTTP server it measures (a park lasts at least ~50 µs, so events go out in small bursts)
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
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
        HttpLoad.Result rest = load == null ? null : load.stop();
        long finalCount = count;
        while (mes.order("B-1").get().good() < finalCount && System.nanoTime() - sent < 30_000_000_000L) {
            Thread.sleep(1);
        }
        long done = System.nanoTime();
        long processed = mes.order("B-1").get().good();
        mes.flush();
        List<DowntimeEvent> stops = mes.downtime("l1", Integer.MAX_VALUE);
        // the writes over HTTP took effect: orders created and released, reasons assigned
        long released = mes.orders("l1").stream().filter(o -> o.id().startsWith("HTTP-")
                && o.state() == OrderState.RELEASED).count();
        long reasons = stops.stream().filter(e -> e.reasonBy().startsWith("rest:")).count();
        long dropped = bus.subscriptions().stream().filter(s -> s.name().startsWith("mes:"))
                .mapToLong(Subscription::dropped).sum();
        watch.close();
        http.close();
        mes.deactivate();
        pool.dispose();
        double secondsTaken = (done - start) / 1e9;
        System.out.printf(Locale.ROOT, "mes offered=%d/s processed=%.0f/s events=%d counted=%d/%d dropped=%d "
                        + "oeeLagP50=%.2fms oeeLagP99=%.2fms oeeLagMax=%.2fms downtimeEvents=%d | %s "
                        + "(took effect: ordersReleased=%d reasonsAssigned=%d)%n",
                rate, events / secondsTaken, events, processed, finalCount, dropped,
                lag.getValueAtPercentile(50) / 1000.0, lag.getValueAtPercentile(99) / 1000.0,
                lag.getMaxValue() / 1000.0, stops.size(), rest == null ? "rest off"
                        : "rest over HTTP (" + MesHttpServer.version() + ", the real MesServlet, login stood in for by "
                        + "a filter, writes=" + mix.writePercent() + "%) " + verdict(rest), released, reasons);
        return rest;
    }

    /** The read-only mix against a running server (Pax Web, JAAS Basic login on every request), nothing else. */
    private static HttpLoad.Result running(URI base, String user, String password, int restRate, int clients,
                                           int seconds) throws Exception {
        String auth = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        ObjectMapper json = new ObjectMapper();
        JsonNode lines = json.readTree(HttpLoad.get(base.resolve("api/mes/lines"), auth));
        if (lines.isEmpty()) {
            throw new IllegalStateException(base + " has no MES line (a plant file with an mes: section)");
        }
        String line = lines.get(0).path("name").asText();
        String order = null;
        for (JsonNode o : json.readTree(HttpLoad.get(base.resolve("api/mes/orders?line=" + line), auth))) {
            if (order == null || o.path("state").asText().equals("RUNNING")) {
                order = o.path("id").asText();
            }
        }
        HttpLoad load = new HttpLoad(restRate, clients, auth, new MesRestMix(base, line, order, null));
        load.start();
        Thread.sleep(WARMUP_MILLIS);
        load.record();
        Thread.sleep(seconds * 1000L);
        HttpLoad.Result rest = load.stop();
        System.out.printf(Locale.ROOT, "mes rest over HTTP at %s as %s (Basic login on every request) line=%s order=%s "
                + "reads only: %s%n", base, user, line, order == null ? "none" : order, verdict(rest));
        return rest;
    }

    private static String verdict(HttpLoad.Result rest) {
        return rest.summary() + (rest.failed() ? " FAILED: not every request was answered 2xx" : "");
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
