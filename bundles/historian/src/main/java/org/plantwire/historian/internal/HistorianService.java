package org.plantwire.historian.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.historian.Aggregate;
import org.plantwire.historian.Historian;
import org.plantwire.historian.HistorianStatus;
import org.plantwire.historian.HistoryPoint;
import org.plantwire.plant.HistoryConfig;
import org.plantwire.plant.PlantHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every change on the tag bus into the {@link TimeSeriesStore}, per the plant files' history settings
 * ({@link PlantHistory} services, followed while the server runs), and answers the queries. A flush thread writes
 * the batched points every {@code flushMillis} and applies retention and the disk cap every {@code maintenanceMillis}.
 */
@Component(service = Historian.class, immediate = true, configurationPid = "org.plantwire.historian",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HistorianConfig.class)
public final class HistorianService implements Historian {

    private static final Logger LOG = LoggerFactory.getLogger(HistorianService.class);
    private static final long DRAIN_MILLIS = 5_000;
    private static final long LOG_EVERY_MILLIS = 60_000;

    /** What {@link #start} needs: the configuration, typed. */
    record Settings(Path file, long maxFileBytes, long flushMillis, long maintenanceMillis, boolean recordUnmapped,
                    long unmappedRetentionMillis, int queueCapacity) {
    }

    @Reference
    TagBus bus;

    private final Map<String, PlantHistory> plants = new ConcurrentHashMap<>();
    /** Every mapped tag's settings, rebuilt when a plant's settings change. */
    private volatile Map<TagPath, HistoryConfig> configs = Map.of();
    private volatile int configVersion;

    private Settings settings;
    private TimeSeriesStore store;
    private String error;
    private Subscription subscription;
    private Thread flusher;
    private volatile boolean closed;
    /** Per tag, what the recording thread knows. Guarded by recordLock. */
    private final Map<TagPath, TagState> states = new HashMap<>();
    private final Object recordLock = new Object();
    private final AtomicLong filtered = new AtomicLong();
    private volatile String lastWriteError;
    private long lastErrorLog;

    private static final class TagState {
        final Compressor compressor;
        int version;

        TagState(Compressor compressor, int version) {
            this.compressor = compressor;
            this.version = version;
        }
    }

    @Activate
    void activate(HistorianConfig c) {
        Path file = Paths.get(c.file());
        if (!file.isAbsolute()) {
            file = Paths.get(System.getProperty("karaf.data", "data")).resolve(file);
        }
        start(new Settings(file, Math.max(1, c.maxDiskMegabytes()) * 1024 * 1024, Math.max(10, c.flushMillis()),
                Math.max(100, c.maintenanceMillis()), c.recordUnmapped(), Math.max(1, c.unmappedRetentionDays()) * 86_400_000L,
                c.queueCapacity()));
    }

    /** Opens the store, subscribes to every tag and starts the flush thread. */
    void start(Settings s) {
        this.settings = s;
        try {
            store = open(s);
            LOG.info("Historian open: {} ({} tags)", s.file(), store.tagCount());
        } catch (Exception e) {
            error = "The history file " + s.file() + " cannot be opened: " + e.getMessage()
                    + "; nothing is recorded until it is fixed (or moved away) and the historian bundle restarted";
            LOG.error(error, e);
            return;
        }
        subscription = bus.subscribe(TagPattern.all(), this::onTag, "historian", s.queueCapacity(), true);
        flusher = new Thread(this::flushLoop, "plantwire-historian-flush");
        flusher.setDaemon(true);
        flusher.start();
    }

    /**
     * Opens the store; a damaged file is moved aside (kept for inspection) and an empty one started, so recording goes
     * on. A file another process holds is an error (status and log), never moved.
     */
    private static TimeSeriesStore open(Settings s) throws java.io.IOException {
        try {
            return new TimeSeriesStore(s.file(), s.maxFileBytes());
        } catch (MVStoreException e) {
            int code = e.getErrorCode();
            if (code != DataUtils.ERROR_FILE_CORRUPT && code != DataUtils.ERROR_UNSUPPORTED_FORMAT
                    && code != DataUtils.ERROR_CHUNK_NOT_FOUND) {
                throw e;
            }
            Path aside = s.file().resolveSibling(s.file().getFileName() + ".corrupt-"
                    + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            java.nio.file.Files.move(s.file(), aside);
            LOG.error("The history file {} is damaged ({}); it was moved to {} and an empty one started: the history"
                    + " before is not queryable", s.file(), e.getMessage(), aside);
            return new TimeSeriesStore(s.file(), s.maxFileBytes());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPlant(PlantHistory history) {
        plants.put(history.plant(), history);
        rebuild();
    }

    void removePlant(PlantHistory history) {
        if (plants.remove(history.plant(), history)) {
            rebuild();
        }
    }

    private synchronized void rebuild() {
        Map<TagPath, HistoryConfig> all = new HashMap<>();
        plants.values().forEach(p -> all.putAll(p.tags()));
        configs = Map.copyOf(all);
        configVersion++;
    }

    /** The settings of a tag: its plant's, or the unmapped default, or null when it is not recorded. */
    HistoryConfig configOf(TagPath path) {
        HistoryConfig c = configs.get(path);
        if (c == null && settings.recordUnmapped()) {
            return new HistoryConfig(true, HistoryConfig.Compression.DEADBAND, 0, settings.unmappedRetentionMillis());
        }
        return c;
    }

    // ------------------------------------------------------------------------------------------------ recording

    private void onTag(TagPath path, TagValue value) {
        synchronized (recordLock) {
            if (closed) {
                return;
            }
            int version = configVersion;
            TagState state = states.get(path);
            HistoryConfig config = state != null && state.version == version ? state.compressor.config() : configOf(path);
            if (state == null) {
                if (config == null || !config.enabled()) {
                    return;
                }
                state = new TagState(new Compressor(config, store.last(path)), version);
                states.put(path, state);
            } else if (state.version != version) {
                state.version = version;
                if (config == null || !config.enabled()) {
                    record(path, state.compressor.takeHeld());
                    states.remove(path);
                    return;
                }
                if (!config.equals(state.compressor.config())) {
                    state.compressor.reconfigure(config).forEach(p -> record(path, p));
                }
            }
            long time = value.sourceTime() > 0 ? value.sourceTime() : value.receivedTime();
            List<HistoryPoint> keep = state.compressor.offer(new HistoryPoint(time, value.value(), value.quality()));
            if (keep.isEmpty()) {
                filtered.incrementAndGet();
            }
            for (HistoryPoint p : keep) {
                record(path, p);
            }
        }
    }

    private void record(TagPath path, HistoryPoint p) {
        if (p == null) {
            return;
        }
        try {
            store.append(path, p.time(), p.value(), p.quality());
        } catch (RuntimeException e) {
            lastWriteError = e.getMessage();
            logRarely("Historian: a value of {} is not recorded: {}", path, e.toString());
        }
    }

    private void logRarely(String format, Object a, Object b) {
        long now = System.currentTimeMillis();
        if (now - lastErrorLog > LOG_EVERY_MILLIS) {
            lastErrorLog = now;
            LOG.error(format, a, b);
        }
    }

    private void flushLoop() {
        long nextMaintenance = System.currentTimeMillis() + Math.min(10_000, settings.maintenanceMillis());
        while (!closed) {
            // parked, never interrupted: an interrupt during a write would close MVStore's file channel
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(settings.flushMillis()));
            if (closed) {
                break;
            }
            try {
                store.flush();
                long now = System.currentTimeMillis();
                if (now >= nextMaintenance) {
                    maintain(now);
                    nextMaintenance = now + settings.maintenanceMillis();
                }
                lastWriteError = null;
            } catch (RuntimeException e) {
                lastWriteError = "writing " + store.file() + " failed: " + e;
                logRarely("Historian: {} {}", lastWriteError, "");
            }
        }
    }

    /** Retention by age, then the disk cap. */
    void maintain(long now) {
        long expired = store.expire(now, path -> {
            HistoryConfig c = configs.get(path);
            return c != null ? c.retentionMillis() : settings.unmappedRetentionMillis();
        });
        long capped = store.enforceCap();
        store.flush();
        if (expired > 0 || capped > 0) {
            LOG.info("Historian: {} points past their retention and {} over the disk cap of {} MB dropped", expired,
                    capped, settings.maxFileBytes() / (1024 * 1024));
        }
    }

    @Deactivate
    void close() {
        if (subscription != null) {
            long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
            while (subscription.queued() > 0 && System.currentTimeMillis() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            subscription.close();
        }
        synchronized (recordLock) {
            closed = true;
            if (store != null) {
                // what a swinging door holds is recorded, so the last value is known after a restart
                states.forEach((path, state) -> record(path, state.compressor.takeHeld()));
            }
        }
        if (flusher != null) {
            LockSupport.unpark(flusher);
            try {
                flusher.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (store != null) {
            store.close();
        }
    }

    /** Tests only: stops as a hard kill would. */
    void crash() {
        closed = true;
        subscription.close();
        LockSupport.unpark(flusher);
        store.crash();
    }

    // -------------------------------------------------------------------------------------------------- queries

    @Override
    public List<HistoryPoint> raw(TagPath path, long from, long to, int limit) {
        checkRange(from, to);
        if (limit < 1) {
            throw new IllegalArgumentException("The limit must be at least 1, not " + limit);
        }
        return store == null ? List.of() : store.raw(path, from, to, limit);
    }

    @Override
    public List<Aggregate> aggregate(TagPath path, long from, long to, long intervalMillis) {
        checkRange(from, to);
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("The interval must be at least 1 ms, not " + intervalMillis);
        }
        long intervals = (to - from + intervalMillis - 1) / intervalMillis;
        if (intervals > MAX_INTERVALS) {
            throw new IllegalArgumentException("The range holds " + intervals + " intervals of " + intervalMillis
                    + " ms; at most " + MAX_INTERVALS + " are returned: choose a longer interval or a shorter range");
        }
        long end = from + intervals * intervalMillis;
        HistoryPoint before = store == null || from <= 0 ? null : store.valueAt(path, from - 1).orElse(null);
        Aggregator aggregator = new Aggregator(from, intervalMillis, before, System.currentTimeMillis());
        if (store != null) {
            store.scan(path, from, end, (t, v, q) -> {
                aggregator.add(new HistoryPoint(t, v, q));
                return true;
            });
        }
        return aggregator.finish(to);
    }

    private static void checkRange(long from, long to) {
        if (from > to) {
            throw new IllegalArgumentException("The range starts after it ends: from " + from + " > to " + to);
        }
    }

    @Override
    public Optional<HistoryPoint> valueAt(TagPath path, long time) {
        return store == null ? Optional.empty() : store.valueAt(path, time);
    }

    @Override
    public List<TagPath> tags() {
        return store == null ? List.of() : store.tags();
    }

    @Override
    public HistorianStatus status() {
        String file = settings == null ? "-" : settings.file().toString();
        if (store == null) {
            return new HistorianStatus(file, false, 0, 0, 0, 0, settings == null ? 0 : settings.maxFileBytes(), 0, 0, 0,
                    filtered.get(), 0, 0, 0, 0, error);
        }
        long[] c = store.counters();
        long[] span = store.span();
        return new HistorianStatus(file, true, store.tagCount(), c[0], c[5], store.fileBytes(), settings.maxFileBytes(),
                span[0], span[1], c[1], filtered.get(), c[2], c[3], c[4], subscription.dropped(), lastWriteError);
    }

    @Override
    public void flush() {
        if (store != null) {
            store.flush();
        }
    }
}
