package org.plantwire.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The MES REST requests of {@link MesBenchmark}, a fixed shuffled cycle of 100 per hundred: 35 line OEE, 25 the running
 * order, 15 the line's last 20 downtime events, 10 the line's order list; and, when writing, 13 reason assignments
 * to the newest downtime event (learnt from the downtime answers), one order created and one released (one whose
 * creation was answered: with several clients, requests taken in order may be answered out of order). Read only, the
 * cycle keeps the reads in the same proportions.
 */
final class MesRestMix implements HttpLoad.Plan {

    private enum Call {
        LINE_OEE(35, false), ORDER(25, false), DOWNTIME(15, false), ORDERS(10, false),
        REASON(13, true), CREATE(1, true), RELEASE(1, true);

        final int weight;
        final boolean writes;

        Call(int weight, boolean writes) {
            this.weight = weight;
            this.writes = writes;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final String line;
    private final String order;
    private final String product;
    private final Call[] cycle;
    private final AtomicLong newestDowntime = new AtomicLong(-1);
    private final Queue<String> created = new ConcurrentLinkedQueue<>();

    /**
     * {@code base}: the server's root ({@code http://host:port/}); {@code order}: the order to read (null: none,
     * then its share reads the line list); {@code product}: for the orders created, null to only read.
     */
    MesRestMix(URI base, String line, String order, String product) {
        this.api = base.resolve("api/mes/");
        this.line = line;
        this.order = order;
        this.product = product;
        List<Call> calls = new ArrayList<>();
        for (Call c : Call.values()) {
            if (product != null || !c.writes) {
                calls.addAll(Collections.nCopies(c.weight, c));
            }
        }
        Collections.shuffle(calls, new Random(42));
        this.cycle = calls.toArray(Call[]::new);
    }

    /** Share of requests that change state, in percent. */
    int writePercent() {
        return (int) (100 * Arrays.stream(cycle).filter(c -> c.writes).count() / cycle.length);
    }

    @Override
    public HttpRequest.Builder request(long n) {
        String l = enc(line);
        return switch (cycle[(int) (n % cycle.length)]) {
            case LINE_OEE -> get("lines/" + l + "/oee");
            case ORDER -> get(order == null ? "lines" : "orders/" + enc(order));
            case ORDERS -> get("orders?line=" + l);
            case REASON -> newestDowntime.get() < 0 ? downtime()
                    : post("downtime/" + newestDowntime.get() + "/reason", "{\"reason\": \"changeover\"}");
            case CREATE -> post("orders", String.format("{\"id\": \"HTTP-%d\", \"product\": \"%s\", \"line\": \"%s\", "
                    + "\"quantity\": 1000}", n, product, line));
            case RELEASE -> {
                String id = created.poll();
                yield id == null ? get("lines/" + l + "/oee") : post("orders/" + enc(id) + "/release", "");
            }
            default -> downtime();
        };
    }

    @Override
    public void answered(long n, HttpResponse<String> response) {
        String path = response.uri().getPath();
        if (response.statusCode() != 200 || !(path.endsWith("/downtime") || path.endsWith("/orders"))) {
            return;
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (path.endsWith("/downtime")) {
                JsonNode newest = body.path(0).path("id");
                if (newest.canConvertToLong()) {
                    newestDowntime.accumulateAndGet(newest.asLong(), Math::max);
                }
            } else if (response.request().method().equals("POST")) {
                created.add(body.path("id").asText());
            }
        } catch (IOException e) {
            // not JSON: nothing learnt; the request itself was answered 2xx
        }
    }

    private HttpRequest.Builder downtime() {
        return get("lines/" + enc(line) + "/downtime?limit=20");
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(api.resolve(path)).GET();
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(api.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
