package org.plantwire.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * HTTP requests at a fixed rate from {@code clients} threads, each with its own {@link HttpClient} (HTTP/1.1,
 * keep-alive: one connection per client, reused). Request {@code n} is due at {@code start + n / rate}; its latency is
 * measured from that intended send time, not from when a client got round to sending it, so a server (or a machine)
 * that stalls is charged for the requests that queued behind the stall (no coordinated omission). Requests due before
 * {@link #record()} warm up both sides and are not counted. Every answer that is not 2xx, and every request that
 * failed or timed out, is an error.
 */
final class HttpLoad {

    /** What request {@code n} is, and what to learn from its answer. */
    interface Plan {
        HttpRequest.Builder request(long n);

        default void answered(long n, HttpResponse<String> response) {
        }
    }

    /** What a run measured; latencies in microseconds. */
    record Result(int rate, int clients, long requests, Histogram latency, long errors, Map<String, Long> errorsByKind,
                  long warmupErrors, long unfinished, Map<String, Histogram> serviceByRequest) {

        /** {@code rate=.. clients=.. requests=.. p50=..ms p99=..ms p999=..ms max=..ms errors=..}. */
        String summary() {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                    "rate=%d/s clients=%d requests=%d p50=%.2fms p99=%.2fms p999=%.2fms max=%.2fms errors=%d",
                    rate, clients, requests, ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(99)),
                    ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()), errors));
            if (errors > 0) {
                s.append(' ').append(errorsByKind);
            }
            if (warmupErrors > 0) {
                s.append(" warmupErrors=").append(warmupErrors);
            }
            if (unfinished > 0) {
                s.append(" unfinished=").append(unfinished);
            }
            return s.toString();
        }

        /**
         * One line per kind of request (method and path, numbers as N): how many, and the time from sending it to its
         * answer (p50/p99/max), which, unlike the latency above, leaves out the wait for a free client.
         */
        String breakdown() {
            StringBuilder s = new StringBuilder();
            serviceByRequest.forEach((request, h) -> s.append(String.format(Locale.ROOT,
                    "  %-40s n=%-6d service p50=%.2fms p99=%.2fms max=%.2fms%n", request, h.getTotalCount(),
                    ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()))));
            return s.toString();
        }

        boolean failed() {
            return errors > 0 || warmupErrors > 0 || unfinished > 0;
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final int rate;
    private final Plan plan;
    private final String authorization;
    private final List<Worker> workers = new ArrayList<>();
    private final AtomicLong next = new AtomicLong();
    private final long periodNanos;
    private volatile long start;
    private volatile long recordFrom = Long.MAX_VALUE;
    private volatile long stopAt = Long.MAX_VALUE;

    /** {@code authorization}: the Authorization header's value, or null for none. */
    HttpLoad(int rate, int clients, String authorization, Plan plan) {
        this.rate = rate;
        this.plan = plan;
        this.authorization = authorization;
        this.periodNanos = 1_000_000_000L / Math.max(1, rate);
        for (int i = 0; i < clients; i++) {
            workers.add(new Worker(i));
        }
    }

    /** One GET answered 2xx, or an exception saying what came back: for finding things before the run. */
    static String get(URI uri, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = client().send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    /** Starts sending; nothing is recorded until {@link #record()}. */
    void start() {
        start = System.nanoTime();
        workers.forEach(Thread::start);
    }

    /** Requests due from now on are measured. */
    void record() {
        recordFrom = System.nanoTime();
    }

    /** Sends nothing due after now; waits (up to 30 s) for the requests due before, which still count. */
    Result stop() throws InterruptedException {
        stopAt = System.nanoTime();
        long deadline = System.currentTimeMillis() + 30_000;
        for (Worker w : workers) {
            w.join(Math.max(1, deadline - System.currentTimeMillis()));
            w.interrupt();
        }
        Histogram all = new Histogram(3_600_000_000L, 3);
        Map<String, Long> kinds = new TreeMap<>();
        long errors = 0;
        long warmupErrors = 0;
        Map<String, Histogram> service = new TreeMap<>();
        for (Worker w : workers) {
            all.add(w.latency);
            w.service.forEach((k, h) -> service.computeIfAbsent(k, x -> new Histogram(3_600_000_000L, 3)).add(h));
            errors += w.errors;
            warmupErrors += w.warmupErrors;
            w.errorKinds.forEach((k, v) -> kinds.merge(k, v, Long::sum));
        }
        // requests due in the measured window that never got an answer (still waiting after 30 s)
        long first = Math.max(0, (recordFrom - start + periodNanos - 1) / periodNanos);
        long last = (stopAt - start) / periodNanos;
        return new Result(rate, workers.size(), all.getTotalCount(), all, errors, kinds, warmupErrors,
                Math.max(0, last - first + 1 - all.getTotalCount()), service);
    }

    private final class Worker extends Thread {

        private final HttpClient http = client();
        private final Histogram latency = new Histogram(3_600_000_000L, 3);
        private final Map<String, Long> errorKinds = new TreeMap<>();
        private final Map<String, Histogram> service = new TreeMap<>();
        private long errors;
        private long warmupErrors;

        Worker(int i) {
            super("http-load-" + i);
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                long n = next.getAndIncrement();
                long due = start + n * periodNanos;
                if (due > stopAt) {
                    return;
                }
                for (long wait; (wait = due - System.nanoTime()) > 0 && due <= stopAt; ) {
                    LockSupport.parkNanos(wait);
                }
                if (due > stopAt) {
                    return;
                }
                HttpRequest.Builder b = plan.request(n).timeout(TIMEOUT);
                if (authorization != null) {
                    b.header("Authorization", authorization);
                }
                HttpRequest request = b.build();
                String kind = request.method() + " " + request.uri().getPath().replaceAll("(?<=[/-])\\d+(?=/|$)", "N");
                String error = null;
                long sent = System.nanoTime();
                try {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() / 100 != 2) {
                        error = r.statusCode() + " " + kind;
                    }
                    plan.answered(n, r);
                } catch (IOException e) {
                    error = e.getClass().getSimpleName() + " " + kind;
                } catch (InterruptedException e) {
                    return;
                }
                if (due < recordFrom) {
                    warmupErrors += error == null ? 0 : 1;
                    continue;
                }
                long answered = System.nanoTime();
                latency.recordValue(Math.max(0, (answered - due) / 1_000));
                service.computeIfAbsent(kind, k -> new Histogram(3_600_000_000L, 3))
                        .recordValue((answered - sent) / 1_000);
                if (error != null) {
                    errors++;
                    errorKinds.merge(error, 1L, Long::sum);
                }
            }
        }
    }
}
