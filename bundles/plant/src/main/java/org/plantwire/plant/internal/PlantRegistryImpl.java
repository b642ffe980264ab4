package org.plantwire.plant.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.plantwire.api.TagPath;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.PlantConfig;
import org.plantwire.plant.PlantAlarms;
import org.plantwire.plant.PlantHistory;
import org.plantwire.plant.PlantRegistry;
import org.plantwire.plant.PlantStatus;
import org.plantwire.plant.PublisherConfig;
import org.plantwire.plant.TagMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the plant files of a directory loaded. A file is read when it appears or changes; if it has any problem it
 * is refused as a whole, the problems are logged and shown by {@code plant:plants} / {@code plant:connectors}, and
 * the plant's previous configuration keeps running. An accepted file replaces only what changed: each connector and
 * publisher is an OSGi service, re-registered only when its own configuration differs, so the others are not
 * disturbed. A deleted file takes its plant's services away.
 */
@Component(service = PlantRegistry.class, immediate = true, configurationPid = PlantRegistryImpl.PID)
@Designate(ocd = PlantDirectoryConfig.class)
public final class PlantRegistryImpl implements PlantRegistry {

    static final String PID = "org.plantwire.plant";
    private static final Logger LOG = LoggerFactory.getLogger(PlantRegistryImpl.class);

    private final BundleContext context;
    private final Path directory;
    private final long settleMillis;
    /** By file name. Guarded by this. */
    private final Map<String, PlantStatus> plants = new TreeMap<>();
    /** Live registrations by connector / publisher name. Guarded by this. */
    private final Map<String, Registered> registered = new HashMap<>();
    private final WatchService watcher;
    private final Thread watchThread;

    private record Registered(Object config, ServiceRegistration<?> registration) {
    }

    @Activate
    public PlantRegistryImpl(BundleContext context, PlantDirectoryConfig config) throws IOException {
        this.context = context;
        Path dir = Paths.get(config.directory());
        if (!dir.isAbsolute()) {
            dir = Paths.get(System.getProperty("karaf.etc", "etc")).resolve(dir);
        }
        this.directory = dir.toAbsolutePath().normalize();
        this.settleMillis = Math.max(0, config.settleMillis());
        Files.createDirectories(directory);
        this.watcher = directory.getFileSystem().newWatchService();
        directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        reloadChanged();
        this.watchThread = new Thread(this::watch, "plantwire-plant-files");
        this.watchThread.setDaemon(true);
        this.watchThread.start();
        LOG.info("Watching plant files in {}", directory);
    }

    @Deactivate
    void deactivate() throws IOException, InterruptedException {
        watcher.close();
        watchThread.interrupt();
        watchThread.join(2_000);
        synchronized (this) {
            for (Registered r : registered.values()) {
                unregister(r);
            }
            registered.clear();
        }
    }

    @Override
    public synchronized List<PlantStatus> plants() {
        return new ArrayList<>(plants.values());
    }

    @Override
    public String directory() {
        return directory.toString();
    }

    @Override
    public synchronized void reload() {
        lastContent.clear();
        reloadChanged();
    }

    /** Reads new and changed files and drops deleted ones. */
    private synchronized void reloadChanged() {
        Set<String> files = new TreeSet<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.{yaml,yml}")) {
            for (Path p : stream) {
                files.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            LOG.error("Cannot list plant files in {}: {}", directory, e.getMessage());
            return;
        }
        for (String gone : new ArrayList<>(plants.keySet())) {
            if (!files.contains(gone)) {
                remove(gone);
            }
        }
        for (String file : files) {
            load(file);
        }
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                WatchKey key = watcher.take();
                // let an editor finish writing, and collapse the burst of events one save makes
                Thread.sleep(settleMillis);
                key.pollEvents();
                key.reset();
                WatchKey more;
                while ((more = watcher.poll(settleMillis, TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                reloadChanged();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Error reloading plant files from {}: {}", directory, e.getMessage(), e);
            }
        }
    }

    /** Contents last read per file, so an unchanged file is not applied again. Guarded by this. */
    private final Map<String, String> lastContent = new HashMap<>();

    private void load(String file) {
        Path path = directory.resolve(file);
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            reject(file, List.of(file + ": cannot be read: " + e.getMessage()));
            return;
        }
        if (content.equals(lastContent.get(file))) {
            return;
        }
        lastContent.put(file, content);
        String name = file.substring(0, file.lastIndexOf('.'));
        PlantFileParser.Result result;
        try (Reader reader = new java.io.StringReader(content)) {
            result = PlantFileParser.parse(name, file, reader);
        } catch (IOException e) {
            reject(file, List.of(file + ": cannot be read: " + e.getMessage()));
            return;
        }
        if (!result.ok()) {
            reject(file, result.problems());
            return;
        }
        PlantConfig plant = result.plant();
        List<String> conflicts = conflicts(file, plant);
        if (!conflicts.isEmpty()) {
            reject(file, conflicts);
            return;
        }
        apply(file, plant);
    }

    /** Names and tag paths must be unique across all plant files. */
    private List<String> conflicts(String file, PlantConfig plant) {
        List<String> problems = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<TagPath, String> tags = new HashMap<>();
        for (PlantStatus other : plants.values()) {
            if (other.file().equals(file) || other.plant() == null) {
                continue;
            }
            for (ConnectorConfig c : other.plant().connectors()) {
                names.put(c.name(), other.file());
                for (TagMapping t : c.tags()) {
                    tags.put(t.path(), other.file() + " (connector " + c.name() + ")");
                }
            }
            for (PublisherConfig p : other.plant().publishers()) {
                names.put(p.name(), other.file());
            }
        }
        for (ConnectorConfig c : plant.connectors()) {
            if (names.containsKey(c.name())) {
                problems.add(c.source() + ": connectors[].name: '" + c.name() + "' is already the name of a connector in " + names.get(c.name()));
            }
            for (TagMapping t : c.tags()) {
                if (tags.containsKey(t.path())) {
                    problems.add(file + ":" + t.line() + ": tags[].path: " + t.path() + " is already mapped in " + tags.get(t.path()));
                }
            }
        }
        for (PublisherConfig p : plant.publishers()) {
            if (names.containsKey(p.name())) {
                problems.add(p.source() + ": publishers[].name: '" + p.name() + "' is already used in " + names.get(p.name()));
            }
        }
        return problems;
    }

    private void reject(String file, List<String> problems) {
        PlantStatus old = plants.get(file);
        plants.put(file, new PlantStatus(file, old == null ? null : old.plant(), old == null ? 0 : old.loadedAt(),
                System.currentTimeMillis(), problems));
        LOG.error("Plant file {} REJECTED, {}:\n  {}", directory.resolve(file),
                old != null && old.plant() != null ? "the previous configuration keeps running" : "nothing of it runs",
                String.join("\n  ", problems));
    }

    private void apply(String file, PlantConfig plant) {
        PlantStatus old = plants.get(file);
        Set<String> keep = new TreeSet<>();
        int changed = 0;
        for (ConnectorConfig c : plant.connectors()) {
            keep.add(c.name());
            changed += register(c.name(), c, ConnectorConfig.class, c.protocol(), plant.name(),
                    r -> r instanceof ConnectorConfig && ((ConnectorConfig) r).sameAs(c));
        }
        for (PublisherConfig p : plant.publishers()) {
            keep.add(p.name());
            changed += register(p.name(), p, PublisherConfig.class, p.protocol(), plant.name(),
                    r -> r instanceof PublisherConfig && ((PublisherConfig) r).sameAs(p));
        }
        // the historian's settings: a service per plant; its key cannot clash with a connector's name (no '/')
        changed += register(historyKey(plant.name()), plant.history(), PlantHistory.class, "history", plant.name(),
                r -> plant.history().equals(r));
        // the alarms: a service per plant that has any
        if (plant.alarms().alarms().isEmpty()) {
            changed += unregister(alarmsKey(plant.name()));
        } else {
            changed += register(alarmsKey(plant.name()), plant.alarms(), PlantAlarms.class, "alarms", plant.name(),
                    r -> plant.alarms().equals(r));
        }
        if (old != null && old.plant() != null) {
            for (ConnectorConfig c : old.plant().connectors()) {
                changed += keep.contains(c.name()) ? 0 : unregister(c.name());
            }
            for (PublisherConfig p : old.plant().publishers()) {
                changed += keep.contains(p.name()) ? 0 : unregister(p.name());
            }
        }
        plants.put(file, new PlantStatus(file, plant, System.currentTimeMillis(), 0, List.of()));
        LOG.info("Plant file {} loaded: plant {} ({}), {} connectors, {} publishers, {} tags; {} changed",
                file, plant.name(), plant.prefix(), plant.connectors().size(), plant.publishers().size(), plant.tagCount(), changed);
    }

    private <T> int register(String name, T config, Class<T> type, String protocol, String plant,
                             java.util.function.Predicate<Object> same) {
        Registered existing = registered.get(name);
        if (existing != null && same.test(existing.config())) {
            return 0;
        }
        if (existing != null) {
            unregister(existing);
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ConnectorConfig.NAME_PROPERTY, name);
        props.put(ConnectorConfig.PROTOCOL_PROPERTY, protocol);
        props.put(ConnectorConfig.PLANT_PROPERTY, plant);
        registered.put(name, new Registered(config, context.registerService(type, config, props)));
        LOG.info("{} {} ({}) {}", type.getSimpleName(), name, protocol, existing == null ? "added" : "changed");
        return 1;
    }

    private int unregister(String name) {
        Registered r = registered.remove(name);
        if (r == null) {
            return 0;
        }
        unregister(r);
        LOG.info("{} removed", name);
        return 1;
    }

    private static void unregister(Registered r) {
        try {
            r.registration().unregister();
        } catch (IllegalStateException alreadyGone) {
            // bundle stopping
        }
    }

    private static String historyKey(String plant) {
        return "history/" + plant;
    }

    private static String alarmsKey(String plant) {
        return "alarms/" + plant;
    }

    private void remove(String file) {
        PlantStatus old = plants.remove(file);
        lastContent.remove(file);
        if (old != null && old.plant() != null) {
            old.plant().connectors().forEach(c -> unregister(c.name()));
            old.plant().publishers().forEach(p -> unregister(p.name()));
            unregister(historyKey(old.plant().name()));
            unregister(alarmsKey(old.plant().name()));
        }
        LOG.info("Plant file {} removed", file);
    }
}
