package org.plantwire.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;

/**
 * The REST API on the real distribution's HTTP service, with real HTTP: logins against the JAAS realm's demo users
 * (session and Basic), repeated wrong passwords throttled, tags read, writes checked by role and limits and audited,
 * malformed, oversized and unauthenticated requests refused with the right status.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebIT extends PlantwireTestSupport {

    private static final int SLOT = 9;
    private static final String SPEED = "acme/woodlands/packaging/line1/filler/setpoints/speed";
    private static final String TORQUE = "acme/woodlands/packaging/line1/capper/torque-setpoint";

    @Inject
    protected TagBus bus;

    private final String base = "http://127.0.0.1:" + (18181 + SLOT);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        return distribution("web", SLOT);
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        System.out.println(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        return r;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private String login(String user, String password) throws Exception {
        HttpResponse<String> r = send("POST", "/api/session", "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}",
                "Content-Type", "application/json");
        assertEquals(r.body(), 200, r.statusCode());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    /** The first event containing {@code text} within 10 s, or null. */
    private static String poll(java.util.concurrent.BlockingQueue<String> events, String text) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            String e = events.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (e != null && e.contains(text)) {
                return e;
            }
        }
        return null;
    }

    @Test
    public void restApiWithRolesAndAudit() throws Exception {
        awaitBooted();
        waitFor("HTTP listening", 60_000, () -> listening(18181 + SLOT));
        waitFor("filler speed setpoint", 60_000, () -> bus.read(TagPath.of(SPEED)).map(v -> v.quality().isGood()).orElse(false));
        waitFor("REST API up", 30_000, () -> {
            try {
                return send("GET", "/api/tags", null).statusCode() == 401;
            } catch (Exception e) {
                return false;
            }
        });

        // who may not come in
        assertTrue(send("GET", "/api/tags", null).body().contains("not logged in"));
        assertEquals(401, send("GET", "/api/tags", null, "Authorization", basic("viewer", "wrong")).statusCode());
        assertEquals(401, send("GET", "/api/tags", null, "Cookie", "JSESSIONID=node0bogus.node0").statusCode());
        assertEquals(400, send("GET", "/api/tags", null, "Authorization", "Basic !!!").statusCode());

        // a viewer reads, writes nothing
        String viewer = login("viewer", "viewer");
        // the test may start while the server still boots: wait until the filler's setpoint is good as the API sees it
        waitFor("the filler's speed setpoint good through the API", 60_000, () -> {
            try {
                return send("GET", "/api/tags/" + SPEED, null, "Cookie", viewer).body().contains("\"quality\":\"good\"");
            } catch (Exception e) {
                return false;
            }
        });
        HttpResponse<String> tags = send("GET", "/api/tags?pattern=acme/woodlands/packaging/line1/filler/%23", null, "Cookie", viewer);
        assertEquals(200, tags.statusCode());
        assertTrue(tags.body(), tags.body().contains("\"path\":\"" + SPEED + "\"") && tags.body().contains("\"roleToWrite\":\"operator\""));
        assertEquals(200, send("GET", "/api/tags/" + SPEED, null, "Cookie", viewer).statusCode());
        assertEquals(404, send("GET", "/api/tags/acme/nowhere", null, "Cookie", viewer).statusCode());
        HttpResponse<String> refused = send("PUT", "/api/tags/" + SPEED, "{\"value\": 280}", "Cookie", viewer);
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("it takes the operator role, viewer has the viewer role"));
        assertEquals(403, send("GET", "/api/audit", null, "Cookie", viewer).statusCode());

        // live values as server-sent events: the current value first, then each change as it happens
        java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
        HttpRequest streamRequest = HttpRequest.newBuilder(URI.create(base + "/api/stream?pattern="
                + "acme/woodlands/packaging/line1/filler/setpoints/%23")).header("Cookie", viewer).build();
        java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream =
                http.sendAsync(streamRequest, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> streaming = stream.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, streaming.statusCode());
        assertEquals("text/event-stream;charset=utf-8", streaming.headers().firstValue("Content-Type").orElse("").toLowerCase()
                .replace(" ", ""));
        Thread reader = new Thread(() -> streaming.body().filter(l -> l.startsWith("data: ")).forEach(events::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        assertTrue("the current value first", poll(events, "\"path\":\"" + SPEED + "\"") != null);

        // an operator writes the setpoints, read back; not the capper's torque; bad input refused
        String operator = login("operator", "operator");
        HttpResponse<String> ok = send("PUT", "/api/tags/" + SPEED, "{\"value\": 280}", "Cookie", operator);
        assertEquals(ok.body(), 200, ok.statusCode());
        assertTrue(ok.body(), ok.body().contains("\"result\":\"confirmed\"") && ok.body().contains("\"connector\":\"line1-filler\""));
        assertTrue("the write pushed to the stream", poll(events, "\"value\":280.0") != null);
        assertEquals(403, send("PUT", "/api/tags/" + TORQUE, "{\"value\": 300}", "Cookie", operator).statusCode());
        assertEquals(400, send("PUT", "/api/tags/" + SPEED, "{\"value\": 900}", "Cookie", operator).statusCode());
        assertEquals(400, send("PUT", "/api/tags/" + SPEED, "{\"value\": ", "Cookie", operator).statusCode());
        assertEquals(400, send("PUT", "/api/tags/" + SPEED, "{\"valu\": 5}", "Cookie", operator).statusCode());
        assertEquals(413, send("PUT", "/api/tags/" + SPEED, "{\"value\": \"" + "x".repeat(70_000) + "\"}", "Cookie", operator).statusCode());
        assertEquals(404, send("PUT", "/api/tags/acme/nowhere", "{\"value\": 1}", "Authorization", basic("engineer", "engineer")).statusCode());
        assertEquals(200, send("DELETE", "/api/session", null, "Cookie", operator).statusCode());
        assertEquals(401, send("GET", "/api/session", null, "Cookie", operator).statusCode());

        // an engineer over Basic writes the torque; sees the audit trail with every attempt above
        HttpResponse<String> torque = send("PUT", "/api/tags/" + TORQUE, "{\"value\": 300}", "Authorization", basic("engineer", "engineer"));
        assertEquals(torque.body(), 200, torque.statusCode());
        HttpResponse<String> audit = send("GET", "/api/audit?limit=50", null, "Authorization", basic("engineer", "engineer"));
        assertEquals(200, audit.statusCode());
        assertTrue(audit.body(), audit.body().contains("\"user\":\"viewer\"") && audit.body().contains("\"result\":\"refused\"")
                && audit.body().contains("\"user\":\"operator\"") && audit.body().contains("\"result\":\"confirmed\"")
                && audit.body().contains("\"source\":\"hmi\"") && audit.body().contains("\"source\":\"rest\""));

        // five wrong passwords lock the name for a while, even with the right one then; audited
        for (int i = 0; i < 5; i++) {
            assertEquals(401, send("POST", "/api/session", "{\"user\":\"admin\",\"password\":\"guess" + i + "\"}").statusCode());
        }
        HttpResponse<String> locked = send("POST", "/api/session", "{\"user\":\"admin\",\"password\":\"admin\"}");
        assertEquals(429, locked.statusCode());
        assertTrue(locked.body(), locked.body().contains("too many failed logins for admin"));
        String shellAudit = shell("scada:audit -n 50 admin");
        assertTrue(shellAudit, shellAudit.contains("login") && shellAudit.contains("locked"));
    }
}
