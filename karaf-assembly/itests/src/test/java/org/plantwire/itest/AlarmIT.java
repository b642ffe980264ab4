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
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.plantwire.alarms.Alarm;
import org.plantwire.alarms.AlarmEvent;
import org.plantwire.alarms.AlarmService;
import org.plantwire.alarms.AlarmState;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;

/**
 * Alarms on the real distribution with the simulated filler: its temperature setpoint is raised, the product
 * temperature crosses the high limit, the alarm becomes active, an operator acknowledges it over REST, the setpoint is
 * lowered, the alarm returns to normal; the journal in the database has each step, the alarm's state reaches the tag
 * bus, a viewer may not acknowledge, and shelving works from the shell with its bounds.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AlarmIT extends PlantwireTestSupport {

    private static final int SLOT = 10;
    private static final String LINE = "acme/woodlands/packaging/line1/";
    private static final String HIGH = LINE + "filler/temperature:high";
    private static final TagPath TEMPERATURE = TagPath.of(LINE + "filler/temperature");
    private static final TagPath SETPOINT = TagPath.of(LINE + "filler/setpoints/temperature");

    @Inject
    protected TagBus bus;

    @Inject
    protected AlarmService alarms;

    private final String base = "http://127.0.0.1:" + (18181 + SLOT);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        return distribution("alarms", SLOT);
    }

    private HttpResponse<String> post(String path, String body, String user) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
        System.out.println("POST " + path + " -> " + response.statusCode() + " " + response.body());
        return response;
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
        System.out.println("GET " + path + " -> " + response.statusCode() + " " + response.body());
        return response;
    }

    private AlarmState state() {
        return alarms.alarm(HIGH).map(Alarm::state).orElse(null);
    }

    @Test
    public void aTemperatureCrossesItsLimitIsAcknowledgedAndReturns() throws Exception {
        awaitBooted();
        waitFor("the demo plant's alarms", 60_000, () -> alarms.alarm(HIGH).isPresent());
        waitFor("filler connected", 60_000, () -> bus.connectors().stream().anyMatch(c -> c.name().equals("line1-filler")
                && c.status().state() == org.plantwire.api.spi.ConnectorState.CONNECTED));
        waitFor("filler temperature", 60_000, () -> bus.read(TEMPERATURE).map(v -> v.quality().isGood()).orElse(false));
        assertEquals(AlarmState.NORMAL, state());
        waitFor("HTTP listening", 60_000, () -> listening(18181 + SLOT));

        String raised = shellAs("otto", "plant:write " + SETPOINT + " 95", "operator");
        assertTrue(raised, raised.contains("Wrote 95.0"));
        waitFor("alarm active (limit 80, 2 s on-delay)", 60_000, () -> state() == AlarmState.UNACK_ACTIVE);
        assertTrue(((Number) bus.read(TEMPERATURE).get().value()).doubleValue() > 80);
        waitFor("state on the tag bus", 10_000, () -> bus.read(TagPath.of(LINE + "filler/temperature/alarm/high"))
                .map(v -> "active-unacknowledged".equals(v.value())).orElse(false));
        String active = shell("scada:alarms --active");
        assertTrue(active, active.contains(HIGH) && active.contains("active-unacknowledged"));

        // a viewer may not acknowledge; an unknown alarm is 404; the operator acknowledges
        assertEquals(403, post("/api/alarms/" + HIGH + "/ack", "{\"comment\":\"seen\"}", "viewer:viewer").statusCode());
        assertEquals(404, post("/api/alarms/" + LINE + "nothing:high/ack", "{}", "operator:operator").statusCode());
        HttpResponse<String> ack = post("/api/alarms/" + HIGH + "/ack",
                "{\"comment\":\"heater checked <script>alert(1)</script>\"}", "operator:operator");
        assertEquals(ack.body(), 200, ack.statusCode());
        assertTrue(ack.body(), ack.body().contains("\"state\":\"active-acknowledged\"") && ack.body().contains("\"ackedBy\":\"operator\""));
        assertEquals(409, post("/api/alarms/" + HIGH + "/ack", "{}", "operator:operator").statusCode());

        shellAs("otto", "plant:write " + SETPOINT + " 40", "operator");
        waitFor("alarm back to normal (below 79)", 60_000, () -> state() == AlarmState.NORMAL);

        // the journal, in the database, newest first
        List<AlarmEvent> journal = alarms.journal(10, HIGH);
        List<String> types = journal.stream().map(e -> e.type().label()).toList();
        assertTrue(types.toString(), types.size() >= 3
                && types.subList(0, 3).equals(List.of("returned", "acknowledged", "activated")));
        assertEquals("operator", journal.get(1).user());
        assertEquals("heater checked <script>alert(1)</script>", journal.get(1).comment());
        String shellJournal = shell("scada:alarm-journal " + HIGH);
        assertTrue(shellJournal, shellJournal.contains("activated") && shellJournal.contains("acknowledged"));

        // the temperature's history, as the HMI's trend reads it; bad queries refused
        HttpResponse<String> history = get("/api/history?tag=" + TEMPERATURE + "&interval=60000", "viewer:viewer");
        assertEquals(history.body(), 200, history.statusCode());
        assertTrue(history.body(), history.body().contains("\"aggregates\"") && history.body().contains("\"max\""));
        assertTrue(get("/api/history?tag=" + TEMPERATURE, "viewer:viewer").body().contains("\"points\":[["));
        assertEquals(400, get("/api/history", "viewer:viewer").statusCode());
        assertEquals(400, get("/api/history?tag=acme//x", "viewer:viewer").statusCode());
        assertEquals(400, get("/api/history?tag=" + TEMPERATURE + "&from=yesterday", "viewer:viewer").statusCode());
        assertEquals(400, get("/api/history?tag=" + TEMPERATURE + "&from=2000&to=1000", "viewer:viewer").statusCode());
        assertEquals(400, get("/api/history?tag=" + TEMPERATURE + "&interval=0", "viewer:viewer").statusCode());
        assertEquals(401, get("/api/history?tag=" + TEMPERATURE, "viewer:wrong").statusCode());
        assertEquals(400, get("/api/stream?pattern=acme/%23/x", "viewer:viewer").statusCode());
        assertEquals(400, get("/api/alarms/journal?limit=0", "viewer:viewer").statusCode());

        // shelving over REST: minutes and a reason are needed, the bound holds; then from the shell, audited
        assertEquals(400, post("/api/alarms/" + HIGH + "/shelve", "{\"reason\":\"x\"}", "operator:operator").statusCode());
        assertEquals(400, post("/api/alarms/" + HIGH + "/shelve", "{\"minutes\":10}", "operator:operator").statusCode());
        assertEquals(400, post("/api/alarms/" + HIGH + "/shelve", "{\"minutes\":600,\"reason\":\"x\"}", "operator:operator")
                .statusCode());
        assertEquals(400, post("/api/alarms/" + HIGH + "/shelve", "{\"minutes\":\"ten\"}", "operator:operator").statusCode());
        assertEquals(404, post("/api/alarms/" + HIGH + "/silence", "{}", "operator:operator").statusCode());

        // shelving: bounded, needs a reason, audited
        assertShellFails("scada:shelve " + HIGH + " 9h maintenance", "may be shelved for at most 480 min");
        String shelved = shellAs("otto", "scada:shelve " + HIGH + " 30m sensor replaced", "operator");
        assertTrue(shelved, shelved.contains("Shelved " + HIGH));
        assertTrue(alarms.alarm(HIGH).get().shelved(System.currentTimeMillis()));
        shellAs("otto", "scada:unshelve " + HIGH, "operator");
        String audit = shell("scada:audit -n 20");
        assertTrue(audit, audit.contains("ack") && audit.contains("shelve") && audit.contains("refused"));
    }

    private void assertShellFails(String command, String message) throws Exception {
        try {
            shellAs("otto", command, "operator");
            throw new AssertionError(command + " should have failed");
        } catch (ShellCommandException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }
}
