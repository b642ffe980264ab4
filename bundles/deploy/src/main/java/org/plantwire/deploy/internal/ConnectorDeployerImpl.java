package org.plantwire.deploy.internal;

import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.plantwire.api.ConnectorSummary;
import org.plantwire.api.Quality;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagInfo;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.api.spi.SwitchBoard.SeatInfo;
import org.plantwire.deploy.ConnectorDeployer;
import org.plantwire.deploy.HistoryEntry;
import org.plantwire.deploy.Report;
import org.plantwire.deploy.UpgradeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ConnectorDeployer} service. An upgrade never touches a bundle outside the connector's: the new bundle is
 * installed beside the old one (OSGi keeps both versions), the switch-over goes through the {@link SwitchBoard}, and
 * the old bundle is refreshed alone after it is removed — which is why an upgrade whose old bundle exports packages
 * that other bundles use (a refresh would restart them) is refused unless forced.
 */
@Component(service = ConnectorDeployer.class, configurationPid = ConnectorDeployerImpl.PID, immediate = true)
@Designate(ocd = DeployConfiguration.class)
public final class ConnectorDeployerImpl implements ConnectorDeployer {

    public static final String PID = "org.plantwire.deploy";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorDeployerImpl.class);
    private static final long POLL_MILLIS = 50;

    private final BundleContext context;
    private final SwitchBoard board;
    private final TagBus bus;
    private final HistoryStore history;
    private volatile DeployConfiguration config;

    @Activate
    public ConnectorDeployerImpl(BundleContext context, @Reference SwitchBoard board, @Reference TagBus bus,
                                 DeployConfiguration config) {
        this.context = context;
        this.board = board;
        this.bus = bus;
        this.config = config;
        String data = System.getProperty("karaf.data", "data");
        Path file = Paths.get(data, "plantwire", "deploy-history.jsonl");
        this.history = new HistoryStore(file);
    }

    @Modified
    void modified(DeployConfiguration config) {
        this.config = config;
    }

    // ================================================================ deploy

    @Override
    public synchronized Report deploy(String url) {
        Steps steps = new Steps();
        BundleFile jar;
        try {
            jar = BundleFile.fetch(url);
        } catch (RuntimeException e) {
            return refuse("deploy", List.of(), null, null, null, url, null, e.getMessage(), steps);
        }
        try (jar) {
            steps.add("fetched " + url + ": " + jar.symbolicName + " " + jar.version);
            Bundle b;
            try {
                b = install(jar, steps);
                start(b, steps);
            } catch (RuntimeException e) {
                return refuse("deploy", List.of(), jar.symbolicName, null, jar.version, url, null, e.getMessage(), steps);
            }
            List<String> connectors = awaitSeats(b.getBundleId(), 5_000);
            steps.add(connectors.isEmpty() ? "it runs no connector (a route bundle, or its configuration is not there yet)"
                    : "it runs " + String.join(", ", connectors));
            String summary = "Deployed " + jar.symbolicName + " " + jar.version + " as bundle " + b.getBundleId();
            record("deploy", connectors, jar.symbolicName, null, jar.version, url, null, "deployed", summary, 0);
            return new Report(true, summary, steps.lines);
        }
    }

    // ================================================================ upgrade

    @Override
    public synchronized Report upgrade(String connector, String url, UpgradeOptions options) {
        return upgrade("upgrade", connector, url, options);
    }

    @Override
    public synchronized Report rollback(String connector, UpgradeOptions options) {
        // the version that the running bundle replaced: found by the running bundle, whichever connector's upgrade it was
        Bundle running = bundleOf(connector);
        if (running != null) {
            List<HistoryEntry> list = history.list(null);
            for (int i = list.size() - 1; i >= 0; i--) {
                HistoryEntry e = list.get(i);
                if ("upgraded".equals(e.outcome()) && e.previousLocation() != null
                        && running.getSymbolicName().equals(e.symbolicName())
                        && running.getVersion().toString().equals(e.toVersion())) {
                    return upgrade("rollback", connector, e.previousLocation(), options);
                }
            }
        }
        Steps steps = new Steps();
        return refuse("rollback", List.of(connector), null, null, null, null, null, running == null
                ? "no connector named " + connector + " is running (see plant:connectors)"
                : "the version of " + connector + " that runs (" + running.getSymbolicName() + " " + running.getVersion()
                        + ") was not installed by an upgrade: there is no earlier version to go back to (plant:history)", steps);
    }

    private Report upgrade(String action, String connector, String url, UpgradeOptions options) {
        Steps steps = new Steps();
        // a configured value below the minimum (0 s to get ready, a negative probation) is taken as the minimum
        long readyTimeout = options.readyTimeoutMillis() > 0 ? options.readyTimeoutMillis()
                : Math.max(1, config.readyTimeoutSeconds()) * 1000;
        long probation = options.probationMillis() >= 0 ? options.probationMillis()
                : Math.max(0, config.probationSeconds()) * 1000;

        Bundle old = bundleOf(connector);
        if (old == null) {
            return refuse(action, List.of(connector), null, null, null, url, null, "no connector named " + connector
                    + " is running (see plant:connectors)", steps);
        }
        List<String> connectors = activeConnectorsOf(old.getBundleId());
        String oldVersion = old.getVersion().toString();
        steps.add(connector + " runs in bundle " + old.getBundleId() + " " + old.getSymbolicName() + " " + oldVersion
                + (connectors.size() > 1 ? ", with " + String.join(", ", others(connectors, connector)) : ""));

        BundleFile jar;
        try {
            jar = BundleFile.fetch(url);
        } catch (RuntimeException e) {
            return refuse(action, connectors, old.getSymbolicName(), oldVersion, null, url, old.getLocation(), e.getMessage(),
                    steps);
        }
        try (jar) {
            steps.add("fetched " + url + ": " + jar.symbolicName + " " + jar.version);
            String problem = null;
            if (!jar.symbolicName.equals(old.getSymbolicName()) && !options.force()) {
                problem = url + " is " + jar.symbolicName + ", not " + old.getSymbolicName()
                        + " (the bundle that runs " + connector + "); use --force to replace it by another bundle";
            } else if (jar.version.equals(oldVersion) && jar.symbolicName.equals(old.getSymbolicName())) {
                problem = old.getSymbolicName() + " " + oldVersion + " is the version running already";
            }
            if (problem != null) {
                return refuse(action, connectors, jar.symbolicName, oldVersion, jar.version, url, old.getLocation(), problem, steps);
            }
            Map<Bundle, Set<String>> cascade = refreshCascade(old);
            if (cascade.isEmpty()) {
                steps.add("removing bundle " + old.getBundleId() + " afterwards refreshes no other bundle");
            } else {
                for (Map.Entry<Bundle, Set<String>> e : cascade.entrySet()) {
                    steps.add("removing bundle " + old.getBundleId() + " would refresh (restart) bundle " + e.getKey().getBundleId()
                            + " " + e.getKey().getSymbolicName() + ": it uses " + String.join(", ", e.getValue()));
                }
                if (!options.force()) {
                    String why = "the upgrade would refresh " + cascade.size() + " bundle(s) outside " + connector
                            + "'s; use --force to accept that";
                    return options.dryRun() ? new Report(false, "Dry run: the upgrade would be refused: " + why, steps.lines)
                            : refuse(action, connectors, jar.symbolicName, oldVersion, jar.version, url, old.getLocation(), why, steps);
                }
            }
            if (options.dryRun()) {
                return dryRun(connectors, old, jar, steps);
            }

            Bundle fresh;
            try {
                fresh = install(jar, steps);
            } catch (RuntimeException e) {
                return refuse(action, connectors, jar.symbolicName, oldVersion, jar.version, url, old.getLocation(), e.getMessage(), steps);
            }
            try {
                start(fresh, steps);
            } catch (RuntimeException e) {
                remove(fresh, steps);
                return refuse(action, connectors, jar.symbolicName, oldVersion, jar.version, url, old.getLocation(), e.getMessage(), steps);
            }
            String notReady = awaitReady(connectors, fresh.getBundleId(), readyTimeout);
            if (notReady != null && options.whileAway() && awayInBoth(connectors, old.getBundleId(), fresh.getBundleId())) {
                steps.add("bundle " + fresh.getBundleId() + " is not ready (" + notReady + "), nor is bundle "
                        + old.getBundleId() + " for it: the device is away, the new version takes over and connects when it returns");
            } else if (notReady != null) {
                remove(fresh, steps);
                return rolledBack(action, connectors, jar, old, url, "the new version was not ready within "
                        + readyTimeout / 1000 + " s: " + notReady + (options.whileAway()
                                ? " (--while-away: but the running version is connected)" : ""), 0, steps);
            } else {
                steps.add("bundle " + fresh.getBundleId() + " stands by, ready: " + String.join(", ", connectors));
            }

            Map<String, ConnectorState> before = states();
            List<String> switched = new ArrayList<>();
            long longest = 0;
            for (String name : connectors) {
                try {
                    long nanos = board.handOver(name, fresh.getBundleId());
                    long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
                    longest = Math.max(longest, ms);
                    switched.add(name);
                    steps.add(name + " handed over to bundle " + fresh.getBundleId() + " in " + ms + " ms");
                } catch (RuntimeException e) {
                    handBack(switched, old, steps);
                    remove(fresh, steps);
                    return rolledBack(action, connectors, jar, old, url, e.getMessage(), longest, steps);
                }
            }
            String failure = probation(connectors, before, probation, steps);
            if (failure != null) {
                handBack(switched, old, steps);
                remove(fresh, steps);
                return rolledBack(action, connectors, jar, old, url, "the new version failed after the switch-over: "
                        + failure, longest, steps);
            }
            remove(old, steps);
            String summary = (action.equals("rollback") ? "Rolled back " : "Upgraded ") + connector + ": "
                    + old.getSymbolicName() + " " + oldVersion + " -> " + jar.version + " (bundle " + fresh.getBundleId()
                    + "), switch-over " + longest + " ms";
            record(action, connectors, jar.symbolicName, oldVersion, jar.version, url, old.getLocation(), "upgraded", summary,
                    longest);
            LOG.info(summary);
            return new Report(true, summary, steps.lines);
        }
    }

    /** Installs the new version to see how it would wire, then removes it again; nothing else changes. */
    private Report dryRun(List<String> connectors, Bundle old, BundleFile jar, Steps steps) {
        Bundle probe;
        try {
            probe = install(jar, steps);
        } catch (RuntimeException e) {
            return new Report(false, "Dry run: the upgrade would be refused: " + e.getMessage(), steps.lines);
        }
        try {
            FrameworkWiring fw = frameworkWiring();
            if (!fw.resolveBundles(List.of(probe))) {
                String why;
                try {
                    probe.start(Bundle.START_TRANSIENT);
                    why = "it does not resolve";
                } catch (BundleException e) {
                    why = e.getMessage();
                }
                return new Report(false, "Dry run: the upgrade would be refused: " + why, steps.lines);
            }
            BundleWiring wiring = probe.adapt(BundleWiring.class);
            for (BundleWire w : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                Bundle provider = w.getProvider().getBundle();
                steps.add("it would import " + w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE) + " "
                        + w.getCapability().getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE) + " from bundle "
                        + provider.getBundleId() + " " + provider.getSymbolicName());
            }
            steps.add("it would stand by beside bundle " + old.getBundleId() + ", then take over " + String.join(", ", connectors)
                    + "; bundle " + old.getBundleId() + " would be removed; no other bundle would be refreshed or restarted");
            return new Report(true, "Dry run: the upgrade of " + String.join(", ", connectors) + " to " + jar.symbolicName + " "
                    + jar.version + " would go ahead", steps.lines);
        } finally {
            Steps quiet = new Steps();
            remove(probe, quiet);
        }
    }

    private void handBack(List<String> switched, Bundle old, Steps steps) {
        for (String name : switched) {
            try {
                board.handOver(name, old.getBundleId());
                steps.add(name + " handed back to bundle " + old.getBundleId());
            } catch (RuntimeException e) {
                steps.add(name + " could not be handed back to bundle " + old.getBundleId() + ": " + e.getMessage());
                LOG.error("Connector {} could not be handed back to bundle {}: {}", name, old.getBundleId(), e.getMessage());
            }
        }
    }

    /**
     * Watches the new version: a connector that fails, or that is not connected at the end although the old version
     * was connected at the switch-over, fails the upgrade.
     */
    private String probation(List<String> connectors, Map<String, ConnectorState> before, long millis, Steps steps) {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            Map<String, ConnectorSummary> now = summaries();
            boolean end = System.currentTimeMillis() >= deadline;
            for (String name : connectors) {
                ConnectorSummary s = now.get(name);
                ConnectorState was = before.get(name);
                if (s == null) {
                    return name + " left the bus";
                }
                ConnectorState state = s.status().state();
                if (state == ConnectorState.FAILED
                        || (end && state != ConnectorState.CONNECTED && was == ConnectorState.CONNECTED)) {
                    return name + " is " + state + (s.status().lastError() != null ? ": " + s.status().lastError() : "");
                }
            }
            if (end) {
                if (millis > 0) {
                    steps.add("watched for " + millis / 1000.0 + " s after the switch-over: healthy");
                }
                return null;
            }
            sleep();
        }
    }

    private Report rolledBack(String action, List<String> connectors, BundleFile jar, Bundle old, String url, String why,
                              long switchMillis, Steps steps) {
        String summary = "Rolled back: " + why + "; " + old.getSymbolicName() + " " + old.getVersion() + " (bundle "
                + old.getBundleId() + ") runs on";
        record(action, connectors, jar.symbolicName, old.getVersion().toString(), jar.version, url, old.getLocation(),
                "rolled back", why, switchMillis);
        LOG.warn("{} of {} to {} {}: {}", action, connectors, jar.symbolicName, jar.version, summary);
        return new Report(false, summary, steps.lines);
    }

    // ================================================================ undeploy

    @Override
    public synchronized Report undeploy(String connector, boolean force) {
        Steps steps = new Steps();
        Bundle b = bundleOf(connector);
        if (b == null) {
            return refuse("undeploy", List.of(connector), null, null, null, null, null, "no connector named " + connector
                    + " is running (see plant:connectors)", steps);
        }
        List<String> connectors = activeConnectorsOf(b.getBundleId());
        String version = b.getVersion().toString();
        if (connectors.size() > 1 && !force) {
            return refuse("undeploy", connectors, b.getSymbolicName(), version, null, b.getLocation(), null, "bundle "
                    + b.getBundleId() + " " + b.getSymbolicName() + " also runs " + String.join(", ", others(connectors, connector))
                    + "; use --force to remove them all", steps);
        }
        Map<Bundle, Set<String>> cascade = refreshCascade(b);
        if (!cascade.isEmpty() && !force) {
            return refuse("undeploy", connectors, b.getSymbolicName(), version, null, b.getLocation(), null, "removing bundle "
                    + b.getBundleId() + " would refresh (restart) " + describe(cascade) + "; use --force to accept that", steps);
        }
        List<TagInfo> owned = new ArrayList<>();
        for (TagInfo t : bus.tags(TagPattern.of("#"))) {
            if (t.owner() != null && connectors.contains(t.owner())) {
                owned.add(t);
            }
        }
        remove(b, steps);
        awaitGoneFromBus(connectors, 10_000); // a route bundle's CamelContexts may stop a moment after the bundle
        long now = System.currentTimeMillis();
        int marked = 0;
        for (TagInfo t : owned) {
            TagInfo after = bus.info(t.path()).orElse(null);
            if (after != null && after.owner() == null) { // nobody else took the tag over
                TagValue v = after.value();
                bus.publish(t.path(), new TagValue(v == null ? null : v.value(), Quality.BAD_NOT_CONNECTED,
                        v == null ? now : v.sourceTime(), now));
                marked++;
            }
        }
        steps.add(marked + " tags now bad(not-connected)");
        String summary = "Undeployed " + String.join(", ", connectors) + ": bundle " + b.getBundleId() + " "
                + b.getSymbolicName() + " " + version + " removed";
        record("undeploy", connectors, b.getSymbolicName(), version, null, b.getLocation(), null, "undeployed", summary, 0);
        return new Report(true, summary, steps.lines);
    }

    @Override
    public List<HistoryEntry> history(String connector) {
        return history.list(connector);
    }

    // ================================================================ helpers

    private Bundle install(BundleFile jar, Steps steps) {
        for (Bundle b : context.getBundles()) {
            // installing the same location again would silently hand back the installed bundle
            if (b.getLocation().equals(jar.url) || (jar.symbolicName.equals(b.getSymbolicName())
                    && jar.version.equals(b.getVersion().toString()))) {
                throw new IllegalStateException(jar.symbolicName + " " + jar.version + " is installed already (bundle "
                        + b.getBundleId() + ", " + b.getLocation() + ")");
            }
        }
        try (InputStream in = jar.open()) {
            Bundle b = context.installBundle(jar.url, in);
            steps.add("installed bundle " + b.getBundleId() + " " + b.getSymbolicName() + " " + b.getVersion());
            return b;
        } catch (BundleException e) {
            if (e.getType() == BundleException.DUPLICATE_BUNDLE_ERROR) {
                throw new IllegalStateException(jar.symbolicName + " " + jar.version + " is installed already", e);
            }
            throw new IllegalStateException("cannot install " + jar.url + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot install " + jar.url + ": " + e.getMessage(), e);
        }
    }

    /** Starts the bundle; when it does not resolve or its activator throws, says why. */
    private void start(Bundle b, Steps steps) {
        try {
            b.start();
            steps.add("started bundle " + b.getBundleId());
        } catch (BundleException | RuntimeException e) {
            String why = e instanceof BundleException be && be.getType() == BundleException.RESOLVE_ERROR
                    ? "its imports do not resolve: " + e.getMessage() : "it failed to start: " + BundleFile.describe(e);
            try {
                b.uninstall();
                refresh(List.of(b));
            } catch (BundleException | IllegalStateException ignored) {
                // gone already
            }
            steps.add("removed bundle " + b.getBundleId() + " again");
            throw new IllegalStateException(why, e);
        }
    }

    /** Stops, uninstalls and refreshes a bundle (alone: it is checked before that nothing else depends on it). */
    private void remove(Bundle b, Steps steps) {
        try {
            b.stop();
        } catch (BundleException | IllegalStateException e) {
            steps.add("stopping bundle " + b.getBundleId() + ": " + e.getMessage());
        }
        try {
            b.uninstall();
            refresh(List.of(b));
            steps.add("removed bundle " + b.getBundleId() + " " + b.getSymbolicName() + " " + b.getVersion());
        } catch (BundleException | IllegalStateException e) {
            steps.add("removing bundle " + b.getBundleId() + ": " + e.getMessage());
        }
    }

    private void refresh(Collection<Bundle> bundles) {
        CountDownLatch done = new CountDownLatch(1);
        frameworkWiring().refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The bundles a refresh of {@code b} (after removing it) would restart, with the packages they use from it. */
    private Map<Bundle, Set<String>> refreshCascade(Bundle b) {
        Map<Bundle, Set<String>> cascade = new LinkedHashMap<>();
        for (Bundle d : frameworkWiring().getDependencyClosure(List.of(b))) {
            if (d.getBundleId() != b.getBundleId()) {
                cascade.put(d, new TreeSet<>());
            }
        }
        BundleWiring wiring = b.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleWire w : wiring.getProvidedWires(null)) {
                Set<String> what = cascade.get(w.getRequirer().getBundle());
                if (what != null) {
                    Object pkg = w.getCapability().getAttributes().get(w.getCapability().getNamespace());
                    what.add(pkg != null ? pkg.toString() : w.getCapability().getNamespace());
                }
            }
        }
        return cascade;
    }

    private FrameworkWiring frameworkWiring() {
        return context.getBundle(org.osgi.framework.Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
    }

    /** The bundle of the active instance of a connector, or null. */
    private Bundle bundleOf(String connector) {
        for (SeatInfo s : board.seats()) {
            if (s.name().equals(connector) && s.active()) {
                return context.getBundle(s.bundleId());
            }
        }
        return null;
    }

    private List<String> activeConnectorsOf(long bundleId) {
        List<String> names = new ArrayList<>();
        for (SeatInfo s : board.seats()) {
            if (s.bundleId() == bundleId && s.active()) {
                names.add(s.name());
            }
        }
        return names;
    }

    /**
     * The connectors a freshly started bundle runs: waits until some appear and their list holds still for one poll
     * (a bundle may start several, one after the other), or the time is up.
     */
    private List<String> awaitSeats(long bundleId, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        List<String> previous = List.of();
        while (true) {
            List<String> names = new ArrayList<>();
            for (SeatInfo s : board.seats()) {
                if (s.bundleId() == bundleId) {
                    names.add(s.name() + (s.active() ? "" : " (standing by)"));
                }
            }
            if ((!names.isEmpty() && names.equals(previous)) || System.currentTimeMillis() >= deadline) {
                return names;
            }
            previous = names;
            sleep();
        }
    }

    /**
     * True when every connector that is not ready in the new bundle is not ready (connected) in the running one
     * either: their devices are away.
     */
    private boolean awayInBoth(List<String> connectors, long runningBundleId, long newBundleId) {
        Set<String> readyInRunning = new HashSet<>();
        Set<String> readyInNew = new HashSet<>();
        for (SeatInfo s : board.seats()) {
            if (s.ready() && s.bundleId() == runningBundleId) {
                readyInRunning.add(s.name());
            } else if (s.ready() && s.bundleId() == newBundleId) {
                readyInNew.add(s.name());
            }
        }
        return connectors.stream().allMatch(c -> readyInNew.contains(c) || !readyInRunning.contains(c));
    }

    /** Null when every connector has a ready standby instance in the new bundle; else why not, after the time-out. */
    private String awaitReady(List<String> connectors, long bundleId, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            String problem = null;
            Map<String, SeatInfo> standby = new LinkedHashMap<>();
            for (SeatInfo s : board.seats()) {
                if (s.bundleId() == bundleId) {
                    standby.put(s.name(), s);
                }
            }
            for (String name : connectors) {
                SeatInfo s = standby.get(name);
                if (s == null) {
                    problem = "it runs no connector named " + name;
                } else if (!s.ready()) {
                    problem = name + " is not ready: " + s.notReadyReason();
                }
                if (problem != null) {
                    break;
                }
            }
            if (problem == null) {
                return null;
            }
            if (System.currentTimeMillis() >= deadline) {
                return problem;
            }
            sleep();
        }
    }

    private void awaitGoneFromBus(List<String> connectors, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline
                && bus.connectors().stream().anyMatch(c -> connectors.contains(c.name()))) {
            sleep();
        }
    }

    private Map<String, ConnectorSummary> summaries() {
        Map<String, ConnectorSummary> map = new LinkedHashMap<>();
        for (ConnectorSummary s : bus.connectors()) {
            map.put(s.name(), s);
        }
        return map;
    }

    private Map<String, ConnectorState> states() {
        Map<String, ConnectorState> map = new LinkedHashMap<>();
        summaries().forEach((k, v) -> map.put(k, v.status().state()));
        return map;
    }

    private Report refuse(String action, List<String> connectors, String symbolicName, String from, String to, String url,
                          String previousLocation, String why, Steps steps) {
        record(action, connectors, symbolicName, from, to, url, previousLocation, "refused", why, 0);
        LOG.warn("{} {} refused: {}", action, connectors.isEmpty() ? url : connectors, why);
        return new Report(false, "Refused: " + why, steps.lines);
    }

    private void record(String action, List<String> connectors, String symbolicName, String from, String to, String location,
                        String previousLocation, String outcome, String message, long switchMillis) {
        history.add(new HistoryEntry(System.currentTimeMillis(), action, connectors, symbolicName, from, to, location,
                previousLocation, outcome, message, switchMillis));
    }

    private static List<String> others(List<String> connectors, String connector) {
        List<String> others = new ArrayList<>(connectors);
        others.remove(connector);
        return others;
    }

    /** "12 com.acme.mes (uses com.acme.units), ..." */
    private static String describe(Map<Bundle, Set<String>> cascade) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Bundle, Set<String>> e : cascade.entrySet()) {
            parts.add(e.getKey().getBundleId() + " " + e.getKey().getSymbolicName()
                    + (e.getValue().isEmpty() ? "" : " (uses " + String.join(", ", e.getValue()) + ")"));
        }
        return String.join(", ", parts);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The steps of one command, for its report. */
    private static final class Steps {
        final List<String> lines = new ArrayList<>();

        void add(String line) {
            lines.add(line);
        }
    }
}
