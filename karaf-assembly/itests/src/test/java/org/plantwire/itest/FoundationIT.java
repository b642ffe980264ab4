package org.plantwire.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.plantwire.api.Quality;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;

/**
 * The foundation on the real distribution: features installed at boot, the heartbeat route publishing through
 * the tag bus, plant:* commands, writes through a connector route, and a route bundle updated in place without
 * touching any other bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FoundationIT extends PlantwireTestSupport {

    private static final TagPath HEARTBEAT = TagPath.of("acme/woodlands/plantwire/heartbeat");
    private static final TagPath SETPOINT = TagPath.of("acme/test/loop/setpoint");
    private static final TagPath MODE = TagPath.of("acme/test/loop/mode");

    @Inject
    protected FeaturesService features;

    @Inject
    protected TagBus bus;

    @Configuration
    public Option[] config() {
        return distribution();
    }

    @Test
    public void bootFeaturesAreInstalled() throws Exception {
        for (String feature : new String[] {"plantwire-camel", "plantwire-core", "plantwire-heartbeat"}) {
            assertTrue(feature + " installed", features.isInstalled(features.getFeature(feature)));
        }
        // the test may start while the boot features are still being started
        waitFor("every plantwire bundle active", 60_000, () -> java.util.Arrays.stream(bundleContext.getBundles())
                .noneMatch(b -> b.getSymbolicName().startsWith("plantwire") && b.getState() != Bundle.ACTIVE));
        for (Bundle b : bundleContext.getBundles()) {
            if (b.getSymbolicName().startsWith("plantwire")) {
                assertEquals(b.getSymbolicName() + " is active", Bundle.ACTIVE, b.getState());
            }
        }
    }

    @Test
    public void heartbeatFlowsThroughTheBusAndTheShell() throws Exception {
        TagValue first = waitFor("heartbeat value", 20_000, () -> bus.read(HEARTBEAT).orElse(null));
        long firstCount = ((Number) first.value()).longValue();
        waitFor("heartbeat counting", 10_000,
                () -> ((Number) bus.read(HEARTBEAT).get().value()).longValue() > firstCount);
        assertEquals(Quality.GOOD, bus.read(HEARTBEAT).get().quality());

        String tags = shell("plant:tags acme/woodlands/#");
        assertTrue(tags, tags.contains(HEARTBEAT.toString()));
        assertTrue(tags, tags.contains("heartbeat-woodlands"));
        assertTrue(tags, tags.contains("good"));

        String read = shell("plant:read " + HEARTBEAT);
        assertTrue(read, read.contains("heartbeat-woodlands"));

        String connectors = shell("plant:connectors");
        assertTrue(connectors, connectors.contains("heartbeat-woodlands"));
        assertTrue(connectors, connectors.contains("CONNECTED"));
    }

    @Test
    public void writesGoThroughTheOwningConnectorWithClearErrors() throws Exception {
        Bundle connector = deployTestConnector();
        try {
            waitFor("test connector's setpoint", 20_000, () -> bus.read(SETPOINT).orElse(null));

            String ok = shell("plant:write " + SETPOINT + " 42.5");
            assertTrue(ok, ok.contains("Wrote 42.5 to " + SETPOINT + " via test-loop"));
            assertTrue(ok, ok.contains("accepted by the loopback device"));
            waitFor("read-back of 42.5", 5_000, () -> Double.valueOf(42.5).equals(bus.read(SETPOINT).get().value()));

            String text = shell("plant:write " + MODE + " manual");
            assertTrue(text, text.contains("Wrote manual"));

            assertShellFails("plant:write acme/test/loop/nothing 1", "Unknown tag acme/test/loop/nothing");
            assertShellFails("plant:write " + HEARTBEAT + " 5", "takes no writes");
            assertShellFails("plant:write " + SETPOINT + " abc", "'abc' is not a float");
            assertShellFails("plant:write acme//bad 1", "segment 2 is empty");
            // the device refuses: the caller sees the device's words, the bus stays healthy
            assertShellFails("plant:write " + SETPOINT + " 5000", "device refused 5000.0");
            assertEquals(42.5, bus.read(SETPOINT).get().value());
            String ok2 = shell("plant:write " + SETPOINT + " 7");
            assertTrue(ok2, ok2.contains("Wrote 7.0"));

            String connectors = shell("plant:connectors");
            assertTrue(connectors, connectors.contains("test-loop"));
            assertTrue(connectors, connectors.contains("memory"));
            assertTrue(connectors, connectors.contains("device refused"));
        } finally {
            connector.uninstall();
        }
        // owner gone: last value kept, quality uncertain(last-known)
        waitFor("setpoint turns uncertain(last-known)", 10_000,
                () -> bus.read(SETPOINT).get().quality() == Quality.UNCERTAIN_LAST_KNOWN);
        assertEquals(7.0, bus.read(SETPOINT).get().value());
        String tags = shell("plant:tags acme/test/#");
        assertTrue(tags, tags.contains("uncertain(last-known)"));
    }

    @Test
    public void routeBundleUpdateRestartsNothingElse() throws Exception {
        Bundle heartbeat = bundle("plantwire-route-heartbeat");
        // let the counter pass 5 so its restart from 1 after the update is unmistakable
        waitFor("heartbeat at 5", 30_000, () -> bus.read(HEARTBEAT).map(v -> ((Number) v.value()).longValue() >= 5).orElse(false));

        // the boot must be over: every bundle started (a late STARTED event is no restart)
        waitFor("framework fully started", 60_000, () -> bundleContext.getBundle(0)
                .adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class).getStartLevel() >= 100
                && java.util.Arrays.stream(bundleContext.getBundles()).allMatch(b -> b.getState() == Bundle.ACTIVE
                        || b.getHeaders().get("Fragment-Host") != null));
        Map<Long, String> before = snapshot(heartbeat.getBundleId());
        List<String> otherEvents = Collections.synchronizedList(new ArrayList<>());
        BundleListener listener = event -> {
            // a refresh or restart of another bundle shows as STOPPING/STOPPED/UNRESOLVED/RESOLVED/UPDATED
            if (event.getBundle().getBundleId() != heartbeat.getBundleId() && event.getType() != BundleEvent.STARTED
                    && event.getType() != BundleEvent.STARTING) {
                otherEvents.add(event.getBundle().getSymbolicName() + " " + eventType(event.getType()));
            }
        };
        bundleContext.addBundleListener(listener);
        try {
            shell("bundle:update " + heartbeat.getBundleId());
            // new revision running: the counter starts again from 1 and counts up
            waitFor("heartbeat restarted after update", 20_000, () -> {
                TagValue v = bus.read(HEARTBEAT).get();
                return v.quality() == Quality.GOOD && ((Number) v.value()).longValue() <= 3;
            });
            long afterUpdate = ((Number) bus.read(HEARTBEAT).get().value()).longValue();
            waitFor("heartbeat counting after update", 10_000,
                    () -> ((Number) bus.read(HEARTBEAT).get().value()).longValue() > afterUpdate);
        } finally {
            bundleContext.removeBundleListener(listener);
        }
        assertEquals("events of bundles other than the route bundle", List.of(), otherEvents);
        assertEquals("ids and states of all other bundles", before, snapshot(heartbeat.getBundleId()));
        assertEquals(Bundle.ACTIVE, bundleContext.getBundle(heartbeat.getBundleId()).getState());
        String bundles = shell("bundle:list -s");
        assertTrue(bundles, bundles.contains("plantwire-route-heartbeat"));
    }

    @Test
    public void plantFilesReloadWhileRunningAndBadOnesAreRejectedWhole() throws Exception {
        java.nio.file.Path dir = java.nio.file.Paths.get(System.getProperty("karaf.etc"), "plants");
        waitFor("demo plant loaded", 20_000, () -> service("line1-filler") != null);
        String plants = shell("plant:plants");
        assertTrue(plants, plants.contains("woodlands.yaml") && plants.contains("acme/woodlands/packaging") && plants.contains("loaded"));

        java.nio.file.Path file = dir.resolve("itest.yaml");
        String head = "plant: {enterprise: acme, site: itest}\nconnectors:\n"
                + "  - name: itest-a\n    protocol: mqtt\n    endpoint: tcp://127.0.0.1:1883\n    tags:\n"
                + "      - {path: line1/a, address: devices/a, type: float}\n";
        String second = "  - name: itest-b\n    protocol: opcua\n    endpoint: opc.tcp://127.0.0.1:4840\n    tags:\n"
                + "      - {path: line1/b, address: \"ns=2;s=B\", type: float}\n";
        java.nio.file.Files.writeString(file, head);
        waitFor("itest-a registered", 20_000, () -> service("itest-a") != null);
        Object idA = service("itest-a").getProperty("service.id");
        Object idFiller = service("line1-filler").getProperty("service.id");

        // adding a connector leaves the others alone
        java.nio.file.Files.writeString(file, head + second);
        waitFor("itest-b registered", 20_000, () -> service("itest-b") != null);
        assertEquals(idA, service("itest-a").getProperty("service.id"));

        // a file with errors is rejected as a whole; what ran before keeps running
        java.nio.file.Files.writeString(file, head + second
                + "  - name: itest-c\n    protocol: profinet\n    endpoint: x\n    tags:\n"
                + "      - {path: line1/a, address: devices/c, type: float}\n");
        waitFor("rejection shown", 20_000, () -> {
            try {
                return shell("plant:plants").contains("REJECTED");
            } catch (Exception e) {
                return false;
            }
        });
        String connectors = shell("plant:connectors");
        assertTrue(connectors, connectors.contains("itest.yaml:14: connectors[2].protocol: unknown protocol 'profinet'; use one of opcua, modbus-tcp, mqtt"));
        assertTrue(connectors, connectors.contains("itest.yaml:17: connectors[2].tags[0]: tag path acme/itest/line1/a is already mapped on line 7 (connector itest-a)"));
        assertTrue(connectors, connectors.contains("its previous version keeps running"));
        assertEquals(idA, service("itest-a").getProperty("service.id"));
        assertTrue(service("itest-b") != null);
        assertEquals(idFiller, service("line1-filler").getProperty("service.id"));

        // fixed again: loaded; deleted: its connectors go, other plants stay
        java.nio.file.Files.writeString(file, head);
        waitFor("itest-b removed", 20_000, () -> service("itest-b") == null);
        assertTrue(shell("plant:plants").contains("loaded"));
        assertEquals(idA, service("itest-a").getProperty("service.id"));
        java.nio.file.Files.delete(file);
        waitFor("itest-a removed", 20_000, () -> service("itest-a") == null);
        assertEquals(idFiller, service("line1-filler").getProperty("service.id"));
    }

    private org.osgi.framework.ServiceReference<?> service(String connector) {
        try {
            org.osgi.framework.ServiceReference<?>[] refs = bundleContext.getAllServiceReferences(null,
                    "(plantwire.connector=" + connector + ")");
            return refs == null ? null : refs[0];
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Bundle deployTestConnector() throws Exception {
        String location = new File(System.getProperty("plantwire.testConnector")).toURI().toString();
        String out = shell("bundle:install -s " + location);
        assertNotEquals("", out.trim());
        return bundle("plantwire-test-connector");
    }

    private void assertShellFails(String command, String expectedMessage) throws Exception {
        try {
            String out = shell(command);
            fail("'" + command + "' should fail, printed: " + out);
        } catch (ShellCommandException e) {
            assertTrue("'" + command + "' should fail with '" + expectedMessage + "' but: " + e.getMessage(),
                    e.getMessage().contains(expectedMessage));
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("No bundle " + symbolicName);
    }

    /** id -> "symbolic-name state" of every bundle but one. */
    private Map<Long, String> snapshot(long except) {
        Map<Long, String> result = new TreeMap<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (b.getBundleId() != except && !b.getSymbolicName().startsWith("PAXEXAM")) {
                result.put(b.getBundleId(), b.getSymbolicName() + " " + b.getState());
            }
        }
        return result;
    }
}
