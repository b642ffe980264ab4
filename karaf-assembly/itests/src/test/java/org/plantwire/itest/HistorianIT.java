package org.plantwire.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.plantwire.api.Quality;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.historian.Aggregate;
import org.plantwire.historian.Historian;
import org.plantwire.historian.HistoryPoint;

/**
 * The historian on the real distribution: the simulated line's tags are recorded as the tag bus carries them, raw and
 * aggregate queries (service and shell) return what the bus saw, the history survives a restart of the historian's
 * bundle, and a plant file with a bad history setting is refused while the previous settings keep recording.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HistorianIT extends PlantwireTestSupport {

    private static final String LINE = "acme/woodlands/packaging/line1/";
    /** Recorded with the demo plant's defaults: every change. */
    private static final TagPath PRESSURE = TagPath.of(LINE + "filler/pressure");
    private static final TagPath CAPPER_STATE = TagPath.of(LINE + "capper/state");

    @Inject
    protected TagBus bus;

    @Configuration
    public Option[] config() {
        return distribution("historian", 8);
    }

    /** The live service: looked up each time, as a bundle restart replaces it. */
    private Historian historian() {
        ServiceReference<Historian> ref = bundleContext.getServiceReference(Historian.class);
        return ref == null ? null : bundleContext.getService(ref);
    }

    @Test
    public void theSimulatedLineIsRecordedAsTheBusSawIt() throws Exception {
        waitFor("filler pressure good", 60_000, () -> good(PRESSURE));
        waitFor("capper state good", 30_000, () -> good(CAPPER_STATE));
        List<HistoryPoint> seen = watch(PRESSURE, 4_000);
        assertTrue("the simulator changes the pressure: " + seen, seen.size() >= 5);
        Historian h = historian();
        h.flush();
        long from = seen.get(0).time();
        long to = seen.get(seen.size() - 1).time() + 1;

        // raw: exactly the values the bus carried (each change once)
        List<HistoryPoint> raw = h.raw(PRESSURE, from, to, 10_000);
        assertEquals(changes(seen), raw);
        assertTrue(h.tags().contains(CAPPER_STATE));
        assertEquals(bus.read(CAPPER_STATE).get().value(), h.valueAt(CAPPER_STATE, System.currentTimeMillis()).get().value());

        // aggregate over the same range, one interval: count, min, max, time-weighted average of what the bus saw
        List<Aggregate> one = h.aggregate(PRESSURE, from, to, to - from);
        assertEquals(1, one.size());
        List<HistoryPoint> points = changes(seen);
        assertEquals(points.size(), one.get(0).count());
        assertEquals(points.stream().mapToDouble(p -> (Double) p.value()).min().getAsDouble(), one.get(0).min(), 0);
        assertEquals(points.stream().mapToDouble(p -> (Double) p.value()).max().getAsDouble(), one.get(0).max(), 0);
        double weighted = 0;
        for (int i = 0; i < points.size(); i++) {
            long until = i + 1 < points.size() ? points.get(i + 1).time() : to;
            weighted += (Double) points.get(i).value() * (until - points.get(i).time());
        }
        assertEquals(weighted / (to - from), one.get(0).average(), 1e-9);

        // the same through the shell
        String rawShell = shell("scada:history " + PRESSURE + " --from " + Instant.ofEpochMilli(from) + " --to "
                + Instant.ofEpochMilli(to) + " --limit 3");
        assertTrue(rawShell, rawShell.contains("3 values of " + PRESSURE) && rawShell.contains("more follow"));
        assertTrue(rawShell, rawShell.contains("good"));
        String aggShell = shell("scada:history " + PRESSURE + " --from " + Instant.ofEpochMilli(from) + " --to "
                + Instant.ofEpochMilli(to) + " --interval " + (to - from) + "ms --aggregate avg,count,max");
        assertTrue(aggShell, aggShell.contains("Avg (time-weighted)") && aggShell.contains("1 intervals of"));
        // relative times, the options before or after the tag
        String before = shell("scada:history --from -1m --limit 2 " + PRESSURE);
        String after = shell("scada:history " + PRESSURE + " --from -1m --limit 2");
        assertTrue(before, before.contains("2 values of " + PRESSURE));
        assertTrue(after, after.contains("2 values of " + PRESSURE));
        String status = shell("scada:historian");
        assertTrue(status, status.contains("bytes per point") && status.contains("Dropped by disk cap"));

        assertShellFails("scada:history acme/nowhere/ghost", "Unknown tag acme/nowhere/ghost");
        assertShellFails("scada:history " + PRESSURE + " --from yesterdayish", "--from 'yesterdayish' is not a time");
        assertShellFails("scada:history " + PRESSURE + " --interval 1m --aggregate median", "'median' is not an aggregate");
    }

    @Test
    public void theHistorySurvivesARestartOfTheHistorianBundle() throws Exception {
        waitFor("filler pressure good", 60_000, () -> good(PRESSURE));
        waitFor("some history", 30_000, () -> historian() != null && historian().raw(PRESSURE, 0, Long.MAX_VALUE, 10).size() >= 3);
        long now = System.currentTimeMillis();
        List<HistoryPoint> before = historian().raw(PRESSURE, 0, now, 100_000);

        shell("bundle:restart plantwire-historian");
        waitFor("historian back", 30_000, () -> historian() != null && historian().status().open());
        List<HistoryPoint> after = historian().raw(PRESSURE, 0, now, 100_000);
        // everything recorded before the restart is still there (what was batched was written at the stop)
        assertEquals(before, after.subList(0, before.size()));
        waitFor("recording again", 30_000, () -> historian().raw(PRESSURE, now, Long.MAX_VALUE, 10).size() >= 2);
    }

    @Test
    public void aBadHistorySettingIsRefusedAndThePreviousOneKeepsRecording() throws Exception {
        TagPath level = TagPath.of("acme/hist/line/level");
        String head = "plant: {enterprise: acme, site: hist}\n"
                + "connectors:\n"
                + "  - name: hist-mqtt\n"
                + "    protocol: mqtt\n"
                + "    endpoint: tcp://127.0.0.1:1883\n"
                + "    tags:\n";
        Path file = writePlantFile("hist.yaml", head + "      - {path: line/level, address: hist/level, type: float, history: {deadband: 5}}\n");
        try {
            waitFor("plant loaded", 20_000, () -> shellQuietly("plant:plants").matches("(?s).*hist\\.yaml.*loaded.*"));
            long t = System.currentTimeMillis();
            publish(level, 100.0, t);
            publish(level, 102.0, t + 1);   // within 5 of 100: left out
            publish(level, 110.0, t + 2);
            waitFor("recorded with deadband 5", 10_000, () -> goodValues(level, t).equals(List.of(100.0, 110.0)));

            Files.writeString(file, head + "      - {path: line/level, address: hist/level, type: float, history: {deadband: -1, retention: 1s}}\n");
            waitFor("refusal shown", 20_000, () -> shellQuietly("plant:plants").contains("REJECTED"));
            String connectors = shell("plant:connectors");
            assertTrue(connectors, connectors.contains("hist.yaml:7: connectors[0].tags[0].history.deadband: must not be negative"));
            assertTrue(connectors, connectors.contains("hist.yaml:7: connectors[0].tags[0].history.retention: '1s' is shorter than the shortest retention, 1m"));

            // still deadband 5
            publish(level, 112.0, t + 3);
            publish(level, 120.0, t + 4);
            waitFor("recorded with the previous settings", 10_000, () -> goodValues(level, t).equals(List.of(100.0, 110.0, 120.0)));
        } finally {
            Files.delete(file);
        }
    }

    private void publish(TagPath path, double value, long time) {
        bus.publish(path, new TagValue(value, Quality.GOOD, time, System.currentTimeMillis()));
    }

    private List<Object> goodValues(TagPath path, long from) {
        historian().flush();
        List<Object> values = new ArrayList<>();
        for (HistoryPoint p : historian().raw(path, from, Long.MAX_VALUE, 1_000)) {
            if (p.quality() == Quality.GOOD) {
                values.add(p.value());
            }
        }
        return values;
    }

    /** The tag's values as a bus subscriber sees them for a while (the current one first). */
    private List<HistoryPoint> watch(TagPath path, long millis) throws InterruptedException {
        List<HistoryPoint> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Subscription s = bus.subscribe(TagPattern.of(path.toString()),
                (p, v) -> seen.add(new HistoryPoint(v.sourceTime(), v.value(), v.quality())), "it-historian", 0, true);
        Thread.sleep(millis);
        s.close();
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    /** Each change once: a value repeated with the same quality is not a change. */
    private static List<HistoryPoint> changes(List<HistoryPoint> seen) {
        List<HistoryPoint> result = new ArrayList<>();
        for (HistoryPoint p : seen) {
            HistoryPoint last = result.isEmpty() ? null : result.get(result.size() - 1);
            if (last == null || last.quality() != p.quality() || !Objects.equals(last.value(), p.value())) {
                result.add(p);
            }
        }
        return result;
    }

    private boolean good(TagPath path) {
        TagValue v = bus.read(path).orElse(null);
        return v != null && v.quality() == Quality.GOOD;
    }

    private String shellQuietly(String command) {
        try {
            return shell(command);
        } catch (Exception e) {
            return "";
        }
    }

    private void assertShellFails(String command, String expected) throws Exception {
        try {
            String out = shell(command);
            throw new AssertionError("'" + command + "' should fail, printed: " + out);
        } catch (ShellCommandException e) {
            assertTrue("'" + command + "' should fail with '" + expected + "' but: " + e.getMessage(), e.getMessage().contains(expected));
        }
    }
}
