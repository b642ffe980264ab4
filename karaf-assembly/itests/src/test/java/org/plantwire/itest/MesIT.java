package org.plantwire.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.plantwire.api.Quality;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.mes.DowntimeEvent;
import org.plantwire.mes.Material;
import org.plantwire.mes.MesService;
import org.plantwire.mes.Oee;
import org.plantwire.mes.OrderState;
import org.plantwire.mes.Product;
import org.plantwire.mes.WorkOrder;

/**
 * The MES on the real distribution with the simulated line: an order created and started from the shell is
 * dispatched to the simulated filler PLC over OPC UA (recipe, target, id, acknowledgement), counts rise, a fault
 * opens and closes a downtime event, the order completes at its quantity, and OEE reaches a real MQTT subscriber
 * through the unified namespace publisher. Bad requests are refused with nothing written.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MesIT extends PlantwireTestSupport {

    private static final String LINE = "acme/woodlands/packaging/line1/";
    private static final TagPath STATE = TagPath.of(LINE + "filler/state");
    private static final TagPath ORDER_ID = TagPath.of(LINE + "filler/order/id");
    private static final TagPath ORDER_ACK = TagPath.of(LINE + "filler/order/ack");
    private static final TagPath TARGET = TagPath.of(LINE + "filler/order/target-quantity");
    private static final TagPath SPEED = TagPath.of(LINE + "filler/setpoints/speed");
    private static final TagPath TEMPERATURE = TagPath.of(LINE + "filler/setpoints/temperature");

    @Inject
    protected TagBus bus;

    @Inject
    protected MesService mes;

    @Configuration
    public Option[] config() {
        // a line that faults every few seconds (2-6 s each, longer than the 2 s micro-stop threshold)
        String sim = "etc/org.plantwire.simulator.cfg";
        return OptionUtils.combine(distribution("mes", 6),
                editConfigurationFilePut(sim, "meanRunSeconds", "4"),
                editConfigurationFilePut(sim, "faultShare", "1.0"),
                editConfigurationFilePut(sim, "faultSeconds", "4"),
                editConfigurationFilePut(sim, "idleSeconds", "0.5"),
                editConfigurationFilePut(sim, "rejectRate", "0.02"));
    }

    @Test
    public void anOrderRunsOnTheSimulatedLineWithDowntimeAndOee() throws Exception {
        waitFor("MES follows line1", 60_000, () -> mes.lines().stream().anyMatch(l -> l.name().equals("line1")));
        waitFor("filler connected", 60_000, () -> good(STATE) && good(ORDER_ACK));
        waitFor("embedded broker listening on 1883", 60_000, () -> listening(1883));

        Map<String, String> received = new ConcurrentHashMap<>();
        List<String> events = new CopyOnWriteArrayList<>();
        MqttClient client = new MqttClient("tcp://127.0.0.1:1883", "it-mes", new MemoryPersistence());
        client.connect(new MqttConnectOptions());
        try {
            client.subscribe("uns/" + LINE + "mes/#", 1, (topic, m) -> {
                String payload = new String(m.getPayload(), StandardCharsets.UTF_8);
                received.put(topic, payload);
                if (topic.endsWith("/mes/event")) {
                    events.add(payload);
                }
            });

            // 300 bottles: at least 30 s of running at full speed, so a fault (every 4 s of running on average) comes
            // before the order completes but once in a few thousand runs; 150 went without one about once in 40
            String created = shell("mes:order-create --priority 5 IT-1 water-500 300 line1");
            assertTrue(created, created.contains("Created IT-1: CREATED"));
            assertShellFails("mes:order-start IT-1", "order IT-1 is CREATED: cannot start");
            shell("mes:order-release IT-1");
            String started = shell("mes:order-start IT-1");
            assertTrue(started, started.contains("Order IT-1: RUNNING"));

            // the recipe, the target and the order landed in the simulated PLC, which acknowledged
            assertEquals(600.0, ((Number) bus.read(SPEED).get().value()).doubleValue(), 1e-9);
            assertEquals(20.0, ((Number) bus.read(TEMPERATURE).get().value()).doubleValue(), 1e-9);
            assertEquals(300L, ((Number) bus.read(TARGET).get().value()).longValue());
            assertEquals("IT-1", bus.read(ORDER_ACK).get().value());

            waitFor("counts rise", 30_000, () -> mes.order("IT-1").get().good() >= 20);
            waitFor("a fault opens and closes a downtime event", 90_000, () -> mes.downtime("line1", 50).stream()
                    .anyMatch(e -> "IT-1".equals(e.orderId()) && e.end() != null && e.faultCode() != 0));
            DowntimeEvent stop = mes.downtime("line1", 50).stream()
                    .filter(e -> "IT-1".equals(e.orderId()) && e.end() != null && e.faultCode() != 0).findFirst().get();
            assertTrue(stop.toString(), List.of("infeed-jam", "capper-torque", "fill-valve", "guard-door-open")
                    .contains(stop.reason()));
            assertTrue(stop.toString(), stop.durationMillis(stop.end()) >= 2000);

            waitFor("order completes at its quantity", 180_000, () -> mes.order("IT-1").get().state() == OrderState.COMPLETED);
            WorkOrder done = mes.order("IT-1").get();
            assertTrue(done.toString(), done.good() >= 300);
            assertEquals("mes:auto", done.transitions().get(done.transitions().size() - 1).by());
            List<Material> used = mes.consumption("IT-1");
            assertEquals(done.good() + done.reject(), used.get(0).quantity(), 1e-9); // one bottle per unit

            Oee oee = mes.orderOee("IT-1");
            assertTrue(oee.toString(), oee.availability() > 0 && oee.availability() < 1); // it faulted
            assertTrue(oee.toString(), oee.oee() > 0 && oee.oee() <= 1);
            assertEquals(done.good(), oee.good());

            waitFor("OEE on MQTT", 20_000, () -> received.containsKey("uns/" + LINE + "mes/oee")
                    && received.containsKey("uns/" + LINE + "mes/availability"));
            waitFor("order events on MQTT", 20_000, () -> events.stream().anyMatch(e -> e.contains("COMPLETED")));
            assertTrue(events.toString(), events.stream().anyMatch(e -> e.contains("downtime-start")));
            assertTrue(events.toString(), events.stream().anyMatch(e -> e.contains("downtime-end")));

            String orders = shell("mes:orders IT-1");
            assertTrue(orders, orders.contains("COMPLETED") && orders.contains("bottle-500") && orders.contains("OEE "));
            String downtime = shell("mes:downtime line1");
            assertTrue(downtime, downtime.contains(stop.reason()));
            shell("mes:downtime-reason " + stop.id() + " changeover");
            assertEquals("changeover", mes.downtime("line1", 50).stream().filter(e -> e.id() == stop.id())
                    .findFirst().get().reason());
            String oeeTable = shell("mes:oee --shifts line1");
            assertTrue(oeeTable, oeeTable.contains("current shift"));
            assertShellFails("mes:order-complete IT-1", "order IT-1 is COMPLETED: cannot go to COMPLETED (it is finished)");
        } finally {
            client.disconnect();
            client.close();
        }
    }

    /**
     * The MES bundle is stopped while an order runs and started again: the units the filler made meanwhile are
     * credited (else the order could never complete: the filler stops at its target), the order's OEE goes on with
     * its earlier figures, and a stop is not recorded twice.
     */
    @Test
    public void aRestartOfTheMesMidOrderLosesNoUnits() throws Exception {
        waitFor("MES follows line1", 60_000, () -> mes.lines().stream().anyMatch(l -> l.name().equals("line1")));
        waitFor("filler connected", 60_000, () -> good(STATE) && good(ORDER_ACK));
        waitFor("line free", 120_000, () -> mes.lines().stream().allMatch(l -> l.order() == null));
        shell("mes:order-create RS-1 water-500 60 line1");
        shell("mes:order-release RS-1");
        shell("mes:order-start RS-1");
        waitFor("counts rise", 30_000, () -> mes.order("RS-1").get().good() >= 10);

        org.osgi.framework.Bundle bundle = java.util.Arrays.stream(bundleContext.getBundles())
                .filter(b -> "plantwire-mes".equals(b.getSymbolicName())).findFirst().orElseThrow();
        bundle.stop();
        long madeBefore = ((Number) bus.read(TagPath.of(LINE + "filler/good-count")).get().value()).longValue();
        waitFor("the filler makes units nobody counts", 30_000, () -> ((Number) bus.read(
                TagPath.of(LINE + "filler/good-count")).get().value()).longValue() >= madeBefore + 10);
        bundle.start();

        waitFor("a new MES serves", 30_000, () -> currentMes() != null && currentMes().status().ready());
        MesService restarted = currentMes();
        waitFor("the order completes at its quantity", 120_000,
                () -> restarted.order("RS-1").get().state() == OrderState.COMPLETED);
        WorkOrder done = restarted.order("RS-1").get();
        assertTrue(done.toString(), done.good() >= 60);
        assertEquals(done.good(), restarted.orderOee("RS-1").good());
        assertEquals(done.reject(), restarted.orderOee("RS-1").reject());
        List<DowntimeEvent> stops = restarted.downtime("line1", 500);
        assertEquals(stops.toString(), stops.size(), stops.stream().map(DowntimeEvent::start).distinct().count());
        assertTrue(shell("mes:status"), shell("mes:status").contains("MES: serving; database reachable"));
    }

    private MesService currentMes() {
        org.osgi.framework.ServiceReference<MesService> ref = bundleContext.getServiceReference(MesService.class);
        return ref == null ? null : bundleContext.getService(ref);
    }

    @Test
    public void badRequestsAreRefusedWithNothingWritten() throws Exception {
        waitFor("MES follows line1", 60_000, () -> mes.lines().stream().anyMatch(l -> l.name().equals("line1")));
        waitFor("filler connected", 60_000, () -> good(STATE) && good(ORDER_ACK));
        assertShellFails("mes:order-create BAD-1 no-such-product 10 line1", "unknown product no-such-product");
        assertShellFails("mes:order-create BAD-1 water-500 10 line9", "unknown line line9");
        assertShellFails("mes:order-create BAD-1 water-500 0 line1", "quantity must be > 0");
        shell("mes:order-create BAD-2 water-500 10 line1");
        assertShellFails("mes:order-create BAD-2 water-500 10 line1", "order BAD-2 exists already");
        assertShellFails("mes:order-resume BAD-2", "order BAD-2 is CREATED: cannot resume");
        assertShellFails("mes:order-hold BAD-2", "order BAD-2 is CREATED: cannot go to HELD");
        assertShellFails("mes:order-start NOPE", "unknown order NOPE");

        // a recipe the tag map refuses: nothing reaches the PLC, the order stays RELEASED
        mes.createProduct(new Product("too-fast", "Too fast", Map.of("line1", 0.05), Map.of("speed", 700.0,
                "temperature", 20.0), List.of(), "runtime"), "itest");
        shell("mes:order-create BAD-3 too-fast 10 line1");
        shell("mes:order-release BAD-3");
        // another test's order may still be finishing (the MES clears the PLC's order id after completion): let the
        // line's tags hold still for a second before taking them as "before"
        settled(ORDER_ID);
        settled(SPEED);
        Object idBefore = bus.read(ORDER_ID).get().value();
        Object speedBefore = bus.read(SPEED).get().value();
        assertShellFails("mes:order-start BAD-3", "recipe setpoint speed 700.0 refused, nothing was written");
        assertEquals(OrderState.RELEASED, mes.order("BAD-3").get().state());
        assertEquals(idBefore, bus.read(ORDER_ID).get().value());
        assertEquals(speedBefore, bus.read(SPEED).get().value());
        String products = shell("mes:products");
        assertTrue(products, products.contains("too-fast") && products.contains("runtime"));
        String aborted = shell("mes:order-abort BAD-3 wrong-recipe");
        assertTrue(aborted, aborted.contains("ABORTED"));
    }

    @Test
    public void theRestApiAnswersInJsonWithProperStatuses() throws Exception {
        waitFor("MES follows line1", 60_000, () -> mes.lines().stream().anyMatch(l -> l.name().equals("line1")));
        shell("feature:install plantwire-mes-rest");
        String base = "http://127.0.0.1:" + (18181 + 6) + "/api/mes";
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        waitFor("REST API up", 60_000, () -> {
            try {
                return call(http, "GET", base + "/lines", null).statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        java.net.http.HttpResponse<String> lines = call(http, "GET", base + "/lines", null);
        assertTrue(lines.body(), lines.body().contains("\"name\":\"line1\""));
        String order = "{\"id\":\"REST-1\",\"product\":\"water-500\",\"line\":\"line1\",\"quantity\":40}";
        assertStatus(200, call(http, "POST", base + "/orders", order), "\"state\":\"CREATED\"");
        assertStatus(409, call(http, "POST", base + "/orders", order), "order REST-1 exists already");
        assertStatus(400, call(http, "POST", base + "/orders", "{\"id\":\"REST-2\","), "malformed JSON");
        assertStatus(400, call(http, "POST", base + "/orders",
                "{\"id\":\"REST-2\",\"product\":\"water-500\",\"line\":\"line1\",\"quantity\":-1}"), "quantity must be > 0");
        assertStatus(400, call(http, "POST", base + "/orders",
                "{\"id\":\"REST-2\",\"product\":\"nope\",\"line\":\"line1\",\"quantity\":1}"), "unknown product nope");
        assertStatus(409, call(http, "POST", base + "/orders/REST-1/start", null), "order REST-1 is CREATED: cannot start");
        assertStatus(404, call(http, "GET", base + "/orders/NOPE", null), "unknown order NOPE");
        assertStatus(404, call(http, "GET", base + "/lines/line9/oee", null), "unknown line line9");
        assertStatus(405, call(http, "DELETE", base + "/orders", null), "not allowed");
        assertStatus(200, call(http, "POST", base + "/orders/REST-1/release", null), "\"state\":\"RELEASED\"");
        assertStatus(200, call(http, "POST", base + "/orders/REST-1/abort", "{\"reason\":\"test\"}"), "\"state\":\"ABORTED\"");
        assertStatus(200, call(http, "GET", base + "/lines/line1/oee", null), "\"availability\"");
        assertEquals("rest:operator", mes.order("REST-1").get().transitions().get(2).by());
        // logged in against the JAAS realm; changes take the operator role
        assertStatus(401, call(http, "GET", base + "/lines", null, "operator:wrong"), "wrong user or password");
        assertStatus(403, call(http, "POST", base + "/orders/REST-1/abort", "{}", "viewer:viewer"), "it takes the operator role");
        assertStatus(200, call(http, "GET", base + "/lines", null, "viewer:viewer"), "\"name\":\"line1\"");
        assertStatus(200, call(http, "GET", base + "/status", null, "viewer:viewer"), "\"ready\":true");
        assertStatus(405, call(http, "POST", base + "/status", "{}"), "not allowed");
        assertStatus(404, call(http, "GET", base + "/status/more", null), "no such resource");
    }

    private static java.net.http.HttpResponse<String> call(java.net.http.HttpClient http, String method, String url,
                                                           String body) throws java.io.IOException {
        return call(http, method, url, body, "operator:operator");
    }

    /** A request with HTTP Basic credentials {@code user:password} (the demo users of etc/users.properties). */
    private static java.net.http.HttpResponse<String> call(java.net.http.HttpClient http, String method, String url,
                                                           String body, String user) throws java.io.IOException {
        try {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json").header("Authorization", "Basic " + java.util.Base64.getEncoder()
                            .encodeToString(user.getBytes(java.nio.charset.StandardCharsets.UTF_8))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.IOException(e);
        }
    }

    private static void assertStatus(int status, java.net.http.HttpResponse<String> response, String expected) {
        assertEquals(response.body(), status, response.statusCode());
        assertTrue(response.body(), response.body().contains(expected));
    }

    /** Waits until the tag's value has not changed for a second. */
    private void settled(TagPath path) throws Exception {
        long[] since = {System.currentTimeMillis()};
        Object[] last = {bus.read(path).map(v -> v.value()).orElse(null)};
        waitFor(path + " holding still", 30_000, () -> {
            Object now = bus.read(path).map(v -> v.value()).orElse(null);
            if (!java.util.Objects.equals(now, last[0])) {
                last[0] = now;
                since[0] = System.currentTimeMillis();
            }
            return System.currentTimeMillis() - since[0] >= 1_000;
        });
    }

    private boolean good(TagPath path) {
        TagValue v = bus.read(path).orElse(null);
        return v != null && v.quality() == Quality.GOOD;
    }

    private void assertShellFails(String command, String expected) throws Exception {
        try {
            String out = shell(command);
            throw new AssertionError("'" + command + "' should fail, printed: " + out);
        } catch (ShellCommandException e) {
            assertTrue("'" + command + "' should fail with '" + expected + "' but: " + e.getMessage(),
                    e.getMessage().contains(expected));
        }
    }
}
