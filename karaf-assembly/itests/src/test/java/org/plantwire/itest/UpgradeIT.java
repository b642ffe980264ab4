package org.plantwire.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
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
import org.plantwire.api.ConnectorSummary;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.testing.Mosquitto;

/**
 * Make-before-break upgrades on the real distribution: a device counts at 1 kHz over MQTT into a connector of the
 * MQTT route bundle while that bundle is upgraded to a version 2 and rolled back, five switch-overs in all; the tag
 * bus sees every count once, in order, and no bundle outside the MQTT route bundle changes state. Bad upgrades (a URL
 * that does not resolve, a jar that is no bundle, a bundle that does not resolve, the version running already, a new
 * version that never gets ready) are refused or rolled back, the running version goes on, and plant:history shows it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpgradeIT extends PlantwireTestSupport {

    private static final String ROUTES = "plantwire-route-mqtt";
    private static final TagPath SEQ = TagPath.of("acme/upgrade/line1/seq");
    private static final TagPath HEARTBEAT = TagPath.of("acme/woodlands/plantwire/heartbeat");

    @Inject
    protected TagBus bus;

    @Configuration
    public Option[] config() {
        return distribution("upgrade", 4);
    }

    @Test
    public void upgradesAndRollbacksLoseNothingAndDisturbNothing() throws Exception {
        try (Mosquitto broker = Mosquitto.start()) {
            Path plant = writePlantFile("upgrade.yaml", "plant: {enterprise: acme, site: upgrade}\n"
                    + "connectors:\n"
                    + "  - name: upgrade-counter\n"
                    + "    protocol: mqtt\n"
                    + "    endpoint: " + broker.url() + "\n"
                    + "    timing: {reconnectMinMillis: 250, reconnectMaxMillis: 2000}\n"
                    + "    tags:\n"
                    + "      - {path: line1/seq, address: it-upgrade/seq, type: integer}\n"
                    + "publishers:\n"
                    + "  - {name: upgrade-uns, protocol: mqtt, endpoint: \"" + broker.url() + "\", root: uns}\n");
            try {
                streamThroughUpgrades(broker);
            } finally {
                Files.delete(plant);
            }
        }
    }

    private void streamThroughUpgrades(Mosquitto broker) throws Exception {
        waitFor("connector connected", 30_000, () -> state("upgrade-counter") == ConnectorState.CONNECTED);
        waitFor("heartbeat", 30_000, () -> bus.read(HEARTBEAT).isPresent());

        List<Long> counts = new CopyOnWriteArrayList<>();
        List<Long> beats = new CopyOnWriteArrayList<>();
        Subscription seqSub = bus.subscribe(TagPattern.of(SEQ.toString()), (p, v) -> {
            if (v.quality().isGood()) {
                counts.add(((Number) v.value()).longValue());
            }
        }, "it-upgrade", 1_000_000, false);
        Subscription beatSub = bus.subscribe(TagPattern.of(HEARTBEAT.toString()), (p, v) -> {
            if (v.quality().isGood()) {
                beats.add(((Number) v.value()).longValue());
            }
        }, "it-heartbeat", 10_000, false);

        Map<Long, String> bundlesBefore = bundlesOutside(ROUTES);
        List<String> foreignEvents = new CopyOnWriteArrayList<>();
        BundleListener watcher = e -> {
            boolean lazyActivation = e.getType() == BundleEvent.STARTED
                    && String.valueOf(bundlesBefore.get(e.getBundle().getBundleId())).endsWith("lazy");
            if (!ROUTES.equals(e.getBundle().getSymbolicName()) && !lazyActivation) {
                foreignEvents.add(e.getBundle().getSymbolicName() + " " + eventType(e.getType()));
            }
        };
        bundleContext.addBundleListener(watcher);

        // the unified namespace, as a consumer outside the server sees it (the publisher's resends to this subscriber
        // after a lost acknowledgement carry the duplicate flag and are not counted)
        List<Long> published = new CopyOnWriteArrayList<>();
        MqttClient uns = new MqttClient(broker.url(), "it-upgrade-uns", new MemoryPersistence());
        uns.connect(new MqttConnectOptions());
        uns.subscribe("uns/" + SEQ, 1, (topic, m) -> {
            if (!m.isDuplicate() && !m.isRetained()) {
                String json = new String(m.getPayload(), StandardCharsets.UTF_8);
                int at = json.indexOf("\"value\":") + 8;
                String value = json.substring(at, json.indexOf(',', at)).trim();
                if (json.contains("\"quality\":\"good\"")) {
                    published.add(Long.parseLong(value));
                }
            }
        });
        AtomicBoolean counting = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        MqttClient device = new MqttClient(broker.url(), "it-upgrade-device", new MemoryPersistence());
        MqttConnectOptions deviceOptions = new MqttConnectOptions();
        deviceOptions.setMaxInflight(10_000); // a hiccup of a few ms must not make the device drop counts
        device.connect(deviceOptions);
        Thread counter = new Thread(() -> count(device, counting, sent), "it-device-counter");
        counter.start();
        try {
            String v2 = new File(System.getProperty("plantwire.mqttV2")).toURI().toString();
            String dryRun = shell("plant:upgrade --dry-run upgrade-counter " + v2);
            assertTrue(dryRun, dryRun.contains("would go ahead"));
            assertTrue(dryRun, dryRun.contains("refreshes no other bundle"));
            assertEquals("a dry run leaves one version installed", 1, bundles(ROUTES).size());

            for (int round = 0; round < 5; round++) {
                long before = sent.get();
                waitFor("counting", 10_000, () -> sent.get() > before + 500);
                String out = round % 2 == 0
                        ? shell("plant:upgrade --probation 2 upgrade-counter " + v2)
                        : shell("plant:rollback --probation 2 upgrade-counter");
                assertTrue(out, out.contains(round % 2 == 0 ? "Upgraded upgrade-counter" : "Rolled back upgrade-counter"));
                List<Bundle> routes = bundles(ROUTES);
                assertEquals("one version left: " + routes, 1, routes.size());
                assertEquals(round % 2 == 0 ? "0.1.0.v2" : "0.1.0.SNAPSHOT", routes.get(0).getVersion().toString());
            }
        } finally {
            counting.set(false);
            counter.join();
            device.disconnect();
            device.close();
        }
        long total = sent.get();
        waitFor("all " + total + " counts in the bus", 30_000, () -> !counts.isEmpty() && counts.get(counts.size() - 1) == total);
        assertContiguous("counts", counts, 1);
        assertEquals(total, counts.size());
        waitFor("all " + total + " counts on the unified namespace", 60_000,
                () -> !published.isEmpty() && published.get(published.size() - 1) == total);
        uns.disconnect();
        uns.close();
        assertContiguous("unified namespace", published, published.get(0));
        assertTrue("the unified namespace missed the first counts: " + published.get(0), published.get(0) <= 1);
        assertContiguous("heartbeat", beats, beats.get(0));
        bundleContext.removeBundleListener(watcher);
        assertEquals("bundle events outside " + ROUTES, List.of(), foreignEvents);
        Map<Long, String> bundlesAfter = bundlesOutside(ROUTES);
        bundlesBefore.replaceAll((id, state) -> state.replace(" lazy", ""));
        bundlesAfter.replaceAll((id, state) -> state.replace(" lazy", ""));
        assertEquals("bundles outside " + ROUTES, bundlesBefore, bundlesAfter);
        assertEquals(ConnectorState.CONNECTED, state("line1-filler"));
        seqSub.close();
        beatSub.close();

        String history = shell("plant:history upgrade-counter");
        assertTrue(history, history.contains("upgraded") && history.contains("0.1.0.v2"));

        refusals(broker);
    }

    /**
     * The simulated filler's OPC UA connector upgraded and rolled back while its values change every 100 ms: per tag,
     * source times only rise (no value twice, none out of order), and the writes go to the new version.
     */
    @Test
    public void opcUaConnectorUpgradesWithoutDuplicates() throws Exception {
        // the temperature has a deadband: its source-time gaps are the process's, not the switch-over's
        upgradeTwiceAndRollBackOnce("line1-filler", System.getProperty("plantwire.opcuaV2"), "filler", "temperature",
                "plant:write acme/woodlands/packaging/line1/filler/setpoints/speed 300", Long.MAX_VALUE);
    }

    /**
     * The same for the simulated capper's Modbus TCP connector, polled every 250 ms: its energy register changes at
     * every poll, and no poll is missed across a switch-over (source times at most one poll period apart, plus the
     * poll's own jitter).
     */
    @Test
    public void modbusConnectorUpgradesWithoutDuplicates() throws Exception {
        upgradeTwiceAndRollBackOnce("line1-capper", System.getProperty("plantwire.modbusV2"), "capper", "energy",
                "plant:write acme/woodlands/packaging/line1/capper/torque-setpoint 250", 2 * 250 - 1);
    }

    private void upgradeTwiceAndRollBackOnce(String connector, String v2File, String cell, String busyTag, String write,
                                             long maxGapMillis) throws Exception {
        waitFor(connector + " connected", 60_000, () -> state(connector) == ConnectorState.CONNECTED);
        Map<TagPath, List<Long>> sourceTimes = new java.util.concurrent.ConcurrentHashMap<>();
        Subscription sub = bus.subscribe(TagPattern.of("acme/woodlands/packaging/line1/" + cell + "/#"), (p, v) -> {
            if (v.quality().isGood()) {
                sourceTimes.computeIfAbsent(p, k -> new CopyOnWriteArrayList<>()).add(v.sourceTime());
            }
        }, "it-" + cell, 100_000, false);
        try {
            Thread.sleep(2_000);
            String v2 = new File(v2File).toURI().toString();
            String out = shell("plant:upgrade --probation 2 " + connector + " " + v2);
            assertTrue(out, out.contains("Upgraded " + connector));
            Thread.sleep(2_000);
            out = shell("plant:rollback --probation 2 " + connector);
            assertTrue(out, out.contains("Rolled back " + connector));
            Thread.sleep(2_000);
            out = shell("plant:upgrade --probation 2 " + connector + " " + v2);
            assertTrue(out, out.contains("Upgraded " + connector));
            Thread.sleep(2_000);
            String w = shell(write);
            assertTrue(w, w.contains("Wrote"));
        } finally {
            sub.close();
        }
        TagPath busy = TagPath.of("acme/woodlands/packaging/line1/" + cell + "/" + busyTag);
        assertTrue(busy + " values: " + sourceTimes.keySet(), sourceTimes.getOrDefault(busy, List.of()).size() > 10);
        for (Map.Entry<TagPath, List<Long>> e : sourceTimes.entrySet()) {
            List<Long> times = e.getValue();
            for (int i = 1; i < times.size(); i++) {
                assertTrue(e.getKey() + ": source time " + times.get(i) + " after " + times.get(i - 1),
                        times.get(i) > times.get(i - 1));
            }
        }
        List<Long> t = sourceTimes.get(busy);
        long maxGap = 0;
        for (int i = 1; i < t.size(); i++) {
            maxGap = Math.max(maxGap, t.get(i) - t.get(i - 1));
        }
        System.out.println(connector + " upgrades: " + t.size() + " values of " + busy + ", longest source-time gap "
                + maxGap + " ms");
        assertTrue(busy + ": a gap of " + maxGap + " ms", maxGap <= maxGapMillis);
    }

    /**
     * A connector bundle whose exported package another bundle uses: removing it would refresh (restart) that bundle,
     * so plant:undeploy (like plant:upgrade) refuses unless forced, and says which bundle and package.
     */
    @Test
    public void aRefreshCascadeIsRefusedUnlessForced() throws Exception {
        String exporter = new File(System.getProperty("plantwire.exportingConnector")).toURI().toString();
        String importer = new File(System.getProperty("plantwire.importer")).toURI().toString();
        assertTrue(shell("plant:deploy " + exporter).contains("it runs export-loop"));
        assertTrue(shell("plant:deploy " + importer).contains("Deployed plantwire-test-importer"));
        Bundle user = bundles("plantwire-test-importer").get(0);
        long userId = user.getBundleId();
        try {
            user.loadClass("org.plantwire.itest.importer.SpeedLabel").getMethod("label", double.class).invoke(null, 1.0);
            String v2 = withVersion(new File(System.getProperty("plantwire.exportingConnector")), "0.1.0.v2").toURI().toString();
            expectRefusal("plant:upgrade --dry-run export-loop " + v2, "Dry run: the upgrade would be refused: the upgrade"
                    + " would refresh 1 bundle(s) outside export-loop's");
            expectRefusal("plant:upgrade export-loop " + v2, "the upgrade would refresh 1 bundle(s) outside export-loop's");
            assertEquals(1, bundles("plantwire-test-exporting-connector").size());
            expectRefusal("plant:undeploy export-loop", "would refresh (restart) " + userId
                    + " plantwire-test-importer (uses org.plantwire.itest.exporting.api)");
            assertEquals(1, bundles("plantwire-test-exporting-connector").size());
            assertEquals(Bundle.ACTIVE, user.getState());

            String out = shell("plant:undeploy --force export-loop");
            assertTrue(out, out.contains("Undeployed export-loop"));
            assertEquals(List.of(), bundles("plantwire-test-exporting-connector"));
            waitFor("the importer refreshed: nothing exports its package any more", 10_000,
                    () -> user.getState() == Bundle.INSTALLED);
        } finally {
            user.uninstall();
        }
    }

    /** A copy of a bundle jar with another Bundle-Version: a "new version" of it. */
    private static File withVersion(File bundle, String version) throws Exception {
        File copy = File.createTempFile("v2-", ".jar");
        try (java.util.jar.JarFile in = new java.util.jar.JarFile(bundle)) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (JarOutputStream out = new JarOutputStream(new FileOutputStream(copy), manifest)) {
                for (java.util.jar.JarEntry e : java.util.Collections.list(in.entries())) {
                    if (e.getName().equals("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    out.putNextEntry(new java.util.jar.JarEntry(e.getName()));
                    in.getInputStream(e).transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return copy;
    }

    /** plant:deploy and plant:undeploy of a route bundle with its own connector; bad deployments refused. */
    @Test
    public void deployAndUndeployARouteBundle() throws Exception {
        String testConnector = new File(System.getProperty("plantwire.testConnector")).toURI().toString();
        TagPath setpoint = TagPath.of("acme/test/loop/setpoint");
        String out = shell("plant:deploy " + testConnector);
        assertTrue(out, out.contains("Deployed plantwire-test-connector") && out.contains("it runs test-loop"));
        waitFor("test-loop owns its tags", 10_000, () -> bus.info(setpoint).map(i -> "test-loop".equals(i.owner())).orElse(false));
        waitFor("test-loop's first value", 10_000, () -> bus.read(setpoint).isPresent());
        expectRefusal("plant:deploy " + testConnector, "is installed already");

        String failing = new File(System.getProperty("plantwire.failingBundle")).toURI().toString();
        expectRefusal("plant:deploy " + failing, "it failed to start: line 3 PLC address table missing");
        assertEquals("nothing left of the failing bundle", List.of(), bundles("plantwire-test-failing-bundle"));
        expectRefusal("plant:undeploy no-such-connector", "no connector named no-such-connector is running");
        expectRefusal("plant:upgrade no-such-connector " + testConnector, "no connector named no-such-connector is running");
        expectRefusal("plant:rollback test-loop", "was not installed by an upgrade: there is no earlier version");

        out = shell("plant:undeploy test-loop");
        assertTrue(out, out.contains("Undeployed test-loop"));
        assertEquals(List.of(), bundles("plantwire-test-connector"));
        assertEquals(org.plantwire.api.Quality.BAD_NOT_CONNECTED, bus.read(setpoint).get().quality());
        String history = shell("plant:history -n 50");
        assertTrue(history, history.contains("deployed") && history.contains("undeployed") && history.contains("refused"));

        // the same bundle as a per-plant Karaf feature: feature:install deploys it, feature:uninstall removes it
        Path features = Files.createTempFile("plant-test-features-", ".xml");
        Files.writeString(features, "<features name=\"plant-test\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n"
                + "  <feature name=\"plant-test-loop\" version=\"1.0.0\">\n"
                + "    <feature>plantwire-core</feature>\n"
                + "    <bundle start-level=\"80\">" + testConnector + "</bundle>\n"
                + "  </feature>\n"
                + "</features>\n");
        shell("feature:repo-add " + features.toUri());
        try {
            shell("feature:install plant-test-loop");
            waitFor("test-loop connected again", 10_000, () -> bus.read(setpoint).map(v -> v.quality().isGood()).orElse(false));
            assertTrue(shell("plant:connectors").contains("test-loop"));
            shell("feature:uninstall plant-test-loop");
            waitFor("test-loop gone", 10_000, () -> bus.connectors().stream().noneMatch(c -> c.name().equals("test-loop")));
            assertEquals(List.of(), bundles("plantwire-test-connector"));
            assertTrue(!bus.read(setpoint).get().quality().isGood());
        } finally {
            shell("feature:repo-remove " + features.toUri());
        }
    }

    /**
     * After 20 upgrades of the same connector the old bundle revisions' class loaders are collectable and the thread
     * count and metaspace are back at their baseline.
     */
    @Test
    public void twentyUpgradesLeaveNoClassLoaderThreadOrMetaspaceBehind() throws Exception {
        try (Mosquitto broker = Mosquitto.start()) {
            Path plant = writePlantFile("leak.yaml", "plant: {enterprise: acme, site: leak}\n"
                    + "connectors:\n"
                    + "  - name: leak-counter\n"
                    + "    protocol: mqtt\n"
                    + "    endpoint: " + broker.url() + "\n"
                    + "    timing: {reconnectMinMillis: 250, reconnectMaxMillis: 2000}\n"
                    + "    tags:\n"
                    + "      - {path: line1/seq, address: it-leak/seq, type: integer}\n");
            try {
                leakCheck();
            } finally {
                Files.delete(plant);
            }
        }
    }

    private void leakCheck() throws Exception {
        waitFor("connector connected", 30_000, () -> state("leak-counter") == ConnectorState.CONNECTED);
        String v2 = new File(System.getProperty("plantwire.mqttV2")).toURI().toString();
        upgradeOrRollback(0, v2); // warm up: whatever is created once per server exists before the baseline
        upgradeOrRollback(1, v2);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        collectGarbage();
        int threadsBefore = threads.getThreadCount();
        List<String> namesBefore = threadNames();
        long metaspaceBefore = metaspaceUsed();

        List<java.lang.ref.WeakReference<ClassLoader>> oldLoaders = new ArrayList<>();
        java.lang.management.ClassLoadingMXBean classes = java.lang.management.ManagementFactory.getClassLoadingMXBean();
        long unloadedBefore = classes.getUnloadedClassCount();
        long metaspaceHalfway = 0;
        for (int round = 0; round < 20; round++) {
            if (round == 10) {
                collectGarbage();
                metaspaceHalfway = metaspaceUsed();
            }
            oldLoaders.add(new java.lang.ref.WeakReference<>(
                    bundles(ROUTES).get(0).adapt(org.osgi.framework.wiring.BundleWiring.class).getClassLoader()));
            upgradeOrRollback(round, v2);
        }
        long deadline = System.currentTimeMillis() + 60_000;
        int alive;
        do {
            collectGarbage();
            alive = 0;
            for (java.lang.ref.WeakReference<ClassLoader> r : oldLoaders) {
                alive += r.get() == null ? 0 : 1;
            }
        } while (alive > 0 && System.currentTimeMillis() < deadline);
        assertEquals("class loaders of removed bundle revisions still reachable", 0, alive);
        // the same threads as before, but for the bundle ids and counters in their names
        try {
            waitFor("threads back at their baseline", 30_000, () -> threadNames().equals(namesBefore));
        } catch (AssertionError e) {
            List<String> extra = threadNames();
            List<String> missing = new ArrayList<>(namesBefore);
            for (String n : namesBefore) {
                extra.remove(n);
            }
            for (String n : threadNames()) {
                missing.remove(n);
            }
            System.out.println("Threads left behind: " + extra + "; threads gone: " + missing);
            throw e;
        }
        long metaspaceAfter = metaspaceUsed();
        long unloaded = classes.getUnloadedClassCount() - unloadedBefore;
        System.out.println("Leak check: 20 upgrades; threads " + threadsBefore + " -> " + threads.getThreadCount()
                + " (same names); metaspace " + metaspaceBefore / 1024 + " KB -> " + metaspaceHalfway / 1024 + " KB after 10 -> "
                + metaspaceAfter / 1024 + " KB after 20; classes unloaded " + unloaded);
        // each removed revision's classes are unloaded; what metaspace still grows by per upgrade (about 80 KB here) is
        // not a revision: their class loaders are gone (checked above)
        int routeClasses = java.util.Collections.list(bundles(ROUTES).get(0).findEntries("/", "*.class", true)).size();
        assertTrue("only " + unloaded + " classes unloaded; the route bundle has " + routeClasses,
                unloaded >= 20L * routeClasses / 2);
        assertTrue("metaspace grew from " + metaspaceHalfway + " to " + metaspaceAfter + " bytes in the second ten upgrades",
                metaspaceAfter <= metaspaceHalfway + 1536 * 1024);
        assertEquals(ConnectorState.CONNECTED, state("leak-counter"));
    }

    /** To version 2, or back when version 2 runs (the other test may have left either). */
    private void upgradeOrRollback(int round, String v2) throws Exception {
        boolean toV2 = !bundles(ROUTES).get(0).getVersion().toString().equals("0.1.0.v2");
        String out = toV2
                ? shell("plant:upgrade --probation 0 leak-counter " + v2)
                : shell("plant:rollback --probation 0 leak-counter");
        assertTrue("round " + round + ": " + out, out.contains(toV2 ? "Upgraded leak-counter" : "Rolled back leak-counter"));
    }

    private static void collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static long metaspaceUsed() {
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                return pool.getUsage().getUsed();
            }
        }
        throw new AssertionError("no Metaspace memory pool");
    }

    /**
     * The names of the threads a connector version starts (MQTT clients, Camel, Plantwire's own), sorted, with numbers
     * (bundle ids, counters) as #. Other pools (the broker's, Milo's, SCR's, RMI) grow and shrink with load by themselves.
     */
    private static List<String> threadNames() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (name.matches("(?i).*(mqtt|camel|plantwire|paho).*") && !name.contains("activemq")) {
                names.add(name.replaceAll("[0-9]+", "#"));
            }
        }
        java.util.Collections.sort(names);
        return names;
    }

    /** Each bad upgrade is refused or rolled back; the running version goes on and the history says so. */
    private void refusals(Mosquitto broker) throws Exception {
        Bundle running = bundles(ROUTES).get(0);
        expectRefusal("plant:upgrade upgrade-counter mvn:org.plantwire/does-not-exist/9.9.9", "cannot read");
        File notABundle = File.createTempFile("not-a-bundle", ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream jar = new JarOutputStream(new FileOutputStream(notABundle), manifest)) {
            jar.closeEntry();
        }
        expectRefusal("plant:upgrade upgrade-counter " + notABundle.toURI(), "is not an OSGi bundle");
        String unresolvable = new File(System.getProperty("plantwire.mqttUnresolvable")).toURI().toString();
        expectRefusal("plant:upgrade upgrade-counter " + unresolvable, "its imports do not resolve");
        expectRefusal("plant:upgrade upgrade-counter " + running.getLocation(), "is the version running already");

        broker.stop(); // a new version that never gets connected
        waitFor("connector down", 20_000, () -> state("upgrade-counter") == ConnectorState.DISCONNECTED);
        expectRefusal("plant:rollback --timeout 3 upgrade-counter", "was not ready within 3 s");
        broker.startAgain();
        waitFor("connector back", 30_000, () -> state("upgrade-counter") == ConnectorState.CONNECTED);

        List<Bundle> after = bundles(ROUTES);
        assertEquals(1, after.size());
        assertEquals(running.getBundleId(), after.get(0).getBundleId());
        assertEquals(Bundle.ACTIVE, after.get(0).getState());
        String history = shell("plant:history -n 50 upgrade-counter");
        assertTrue(history, history.contains("refused") && history.contains("rolled back"));

        // the device (here: its broker) is away: with --while-away the rollback goes ahead, as the running version is
        // not connected either, and the earlier version connects when the device returns
        broker.stop();
        waitFor("connector down", 20_000, () -> state("upgrade-counter") == ConnectorState.DISCONNECTED);
        String out = shell("plant:rollback --while-away --timeout 3 --probation 1 upgrade-counter");
        assertTrue(out, out.contains("the device is away") && out.contains("Rolled back upgrade-counter"));
        broker.startAgain();
        waitFor("earlier version connected", 30_000, () -> state("upgrade-counter") == ConnectorState.CONNECTED);
        List<Bundle> rolledBack = bundles(ROUTES);
        assertEquals(1, rolledBack.size());
        assertTrue(rolledBack.get(0).getBundleId() != running.getBundleId());
        assertEquals(Bundle.ACTIVE, rolledBack.get(0).getState());
    }

    private void expectRefusal(String command, String why) throws Exception {
        try {
            String out = shell(command);
            fail(command + " should have been refused: " + out);
        } catch (ShellCommandException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(why));
        }
    }

    private static void count(MqttClient device, AtomicBoolean counting, AtomicLong sent) {
        try {
            long next = System.nanoTime();
            while (counting.get()) {
                long n = sent.get() + 1;
                MqttMessage m = new MqttMessage(Long.toString(n).getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                publish(device, "it-upgrade/seq", m);
                sent.set(n);
                next += 1_000_000; // 1 kHz
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes, waiting while the client's in-flight window is full rather than losing the count. */
    static void publish(MqttClient device, String topic, MqttMessage m) throws Exception {
        while (true) {
            try {
                device.publish(topic, m);
                return;
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                if (e.getReasonCode() != org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.sleep(1);
            }
        }
    }

    private static void assertContiguous(String what, List<Long> values, long first) {
        List<String> wrong = new ArrayList<>();
        long expect = first;
        for (long v : values) {
            if (v != expect) {
                wrong.add("got " + v + " where " + expect + " was due");
            }
            expect = v + 1;
        }
        assertEquals(what + ": every value once, in order (" + values.size() + " seen)", List.of(), wrong);
    }

    private ConnectorState state(String connector) {
        for (ConnectorSummary c : bus.connectors()) {
            if (c.name().equals(connector)) {
                return c.status().state();
            }
        }
        return null;
    }

    private List<Bundle> bundles(String symbolicName) {
        List<Bundle> list = new ArrayList<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                list.add(b);
            }
        }
        return list;
    }

    private Map<Long, String> bundlesOutside(String symbolicName) {
        Map<Long, String> map = new TreeMap<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (!symbolicName.equals(b.getSymbolicName())) {
                // a lazily activated bundle (STARTING until first used) counts as active: its first use changes nothing
                map.put(b.getBundleId(), b.getSymbolicName() + " " + b.getVersion() + " "
                        + (b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING ? "active" : "state " + b.getState())
                        + (b.getState() == Bundle.STARTING ? " lazy" : ""));
            }
        }
        return map;
    }
}
