package org.plantwire.mes.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.plantwire.api.Quality;
import org.plantwire.access.SetpointWriter;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.mes.DowntimeEvent;
import org.plantwire.mes.LineStatus;
import org.plantwire.mes.Material;
import org.plantwire.mes.MesException;
import org.plantwire.mes.MesException.Kind;
import org.plantwire.mes.MesService;
import org.plantwire.mes.MesStatus;
import org.plantwire.mes.Oee;
import org.plantwire.mes.OrderRequest;
import org.plantwire.mes.OrderState;
import org.plantwire.mes.Product;
import org.plantwire.mes.Transition;
import org.plantwire.mes.WorkOrder;
import org.plantwire.plant.MesConfig;
import org.plantwire.plant.PlantRegistry;
import org.plantwire.plant.PlantStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MES: follows the {@code mes:} sections of the plant files, subscribes to each line's bound tags, keeps
 * orders, counts, downtime and OEE, and stores them in the plantwire database (schema migrated on start).
 * One lock guards the in-memory state; dispatch waits for the PLC outside it.
 * <p>
 * It loads its orders and products from the database when it starts; while the database cannot be reached then,
 * the service is up but refuses requests with {@link Kind#UNAVAILABLE} and tries again every flush period
 * ({@link #status()} says why). Each line's counter readings, OEE windows and open stop are kept in the outbox file
 * ({@link LineSnapshot}), so after a restart the units made meanwhile are credited and the figures go on.
 */
@Component(service = MesService.class, immediate = true, configurationPid = "org.plantwire.mes")
@Designate(ocd = MesServiceImpl.Config.class)
public class MesServiceImpl implements MesService {

    @ObjectClassDefinition(name = "Plantwire MES", description = "The MES service (etc/org.plantwire.mes.cfg, optional)")
    public @interface Config {
        @AttributeDefinition(description = "How often plant files are checked for changed mes: sections, ms")
        long rescanMillis() default 2000;

        @AttributeDefinition(description = "How often counts and OEE are written to the database, ms")
        long flushMillis() default 1000;

        @AttributeDefinition(description = "Time zone of the shift pattern; empty = the server's")
        String zone() default "";

        @AttributeDefinition(description = "File of the changes waiting for the database; empty = ${karaf.data}/mes/outbox.mv.db")
        String outboxFile() default "";
    }

    private static java.nio.file.Path outboxFile(String configured) {
        if (!configured.isBlank()) {
            return java.nio.file.Path.of(configured.trim());
        }
        return java.nio.file.Path.of(System.getProperty("karaf.data", "data"), "mes", "outbox.mv.db");
    }

    private static final Logger LOG = LoggerFactory.getLogger(MesServiceImpl.class);
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final String AUTO = "mes:auto";
    static final long OEE_PUBLISH_MILLIS = 100;

    private final TagBus bus;
    private final PlantRegistry plants;
    private final MesStore store;
    private final Outbox outbox;
    private final Clock clock;
    private final ZoneId zone;
    private final ScheduledExecutorService scheduler;

    private final Object lock = new Object();
    private final Map<String, LineRuntime> lines = new LinkedHashMap<>();
    private final Map<String, MesConfig.Line> lineConfigs = new HashMap<>();
    /** what a line's runtime was built from: a change of any of it rebuilds the runtime */
    private final Map<String, List<Object>> lineKeys = new HashMap<>();
    private final Map<String, Product> products = new ConcurrentHashMap<>();
    private final Map<String, WorkOrder> orders = new ConcurrentHashMap<>();
    /** orders whose counts changed since the last flush, with the transitions the database has */
    private final Map<String, Integer> dirtyOrders = new HashMap<>();
    private final AtomicLong downtimeIds = new AtomicLong();
    /** stops that ended as micro-stops (their events were dropped), newest 1000: a late reason gets a clear answer */
    private final Map<Long, String> recentMicroStops = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > 1000;
        }
    };
    private final long rescanMillis;
    private final long flushMillis;
    /** orders and products loaded from the database: requests are served */
    private volatile boolean ready;
    private volatile Instant waitingSince;
    private volatile String waitingFor = "";
    private long waitingLoggedAt;
    private java.util.concurrent.ScheduledFuture<?> opening;

    @Activate
    public MesServiceImpl(@Reference TagBus bus, @Reference PlantRegistry plants,
                          @Reference(target = "(dataSourceName=plantwire)") DataSource dataSource, Config config) {
        this(bus, plants, new MesStore(dataSource), Clock.systemUTC(),
                config.zone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(config.zone().trim()), config);
    }

    /** Every dispatch write goes through it (role, limits, read-back, audit trail) when it is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SetpointWriter writer;

    MesServiceImpl(TagBus bus, PlantRegistry plants, MesStore store, Clock clock, ZoneId zone, Config config) {
        this.bus = bus;
        this.plants = plants;
        this.store = store;
        this.clock = clock;
        this.zone = zone;
        this.rescanMillis = config.rescanMillis();
        this.flushMillis = config.flushMillis();
        this.outbox = new Outbox(outboxFile(config.outboxFile()), store);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plantwire-mes");
            t.setDaemon(true);
            return t;
        });
        synchronized (lock) {
            if (!open()) {
                opening = scheduler.scheduleWithFixedDelay(this::openQuietly, flushMillis, flushMillis,
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Brings the schema up to date, applies the changes that waited from before and loads orders and products;
     * then follows the lines. False (and the reason kept for {@link #status()}) while the database cannot do it.
     * Caller holds the lock.
     */
    private boolean open() {
        try {
            int version = store.migrate();
            if (!outbox.drain()) {
                throw new MesException(Kind.UNAVAILABLE, "changes from before cannot be applied to the database: "
                        + outbox.lastError());
            }
            store.products().forEach(p -> products.put(p.id(), p));
            store.orders().forEach(o -> orders.put(o.id(), o));
            downtimeIds.set(store.maxDowntimeId());
            LOG.info("MES database at schema version {}", version);
        } catch (RuntimeException e) {
            products.clear();
            orders.clear();
            long now = System.currentTimeMillis();
            if (waitingSince == null) {
                waitingSince = clock.instant();
            }
            waitingFor = e.getMessage();
            if (now - waitingLoggedAt > 30_000) {
                waitingLoggedAt = now;
                LOG.warn("MES: waits for its database (tries again every {} ms); requests are refused meanwhile: {}",
                        flushMillis, e.getMessage());
            }
            return false;
        }
        if (waitingSince != null) {
            LOG.info("MES: database reached; the MES serves requests (it waited since {})", waitingSince);
        }
        waitingSince = null;
        waitingFor = "";
        ready = true;
        rescan();
        scheduler.scheduleWithFixedDelay(this::rescanQuietly, rescanMillis, rescanMillis, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::tickQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::publishDirtyOee, OEE_PUBLISH_MILLIS, OEE_PUBLISH_MILLIS,
                TimeUnit.MILLISECONDS);
        return true;
    }

    private void openQuietly() {
        synchronized (lock) {
            try {
                if (!ready && open()) {
                    opening.cancel(false);
                }
            } catch (RuntimeException e) {
                LOG.warn("MES: starting failed", e);
            }
        }
    }

    /** Refuses a request while orders and products are not loaded (the database was not reachable yet). */
    private void requireReady() {
        if (!ready) {
            throw new MesException(Kind.UNAVAILABLE, "the MES waits for its database (since " + waitingSince
                    + ", tries again every " + flushMillis + " ms): " + waitingFor);
        }
    }

    @Override
    public MesStatus status() {
        long since = outbox.unavailableSince();
        Instant down = !ready ? waitingSince : since == 0 ? null : Instant.ofEpochMilli(since);
        return new MesStatus(ready, down, !ready ? waitingFor : outbox.lastError(), outbox.waiting());
    }

    @Deactivate
    public void deactivate() {
        // not interrupted: an interrupt during a write would close the outbox file's channel
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            lines.values().forEach(LineRuntime::close);
        }
        try {
            flush(); // with the lines' snapshots: a restarted MES goes on from here
            outbox.drain();
        } catch (RuntimeException e) {
            LOG.warn("MES: last flush failed: {}", e.getMessage());
        }
        synchronized (lock) {
            lines.clear();
        }
        outbox.close();
    }


    // ---- plant files -------------------------------------------------------------------------------

    private void rescanQuietly() {
        try {
            rescan();
        } catch (RuntimeException e) {
            LOG.warn("MES: reading the plant files failed", e);
        }
    }

    /** Starts following new or changed lines and products of the plant files, stops following removed lines. */
    void rescan() {
        Map<String, MesConfig.Line> seen = new LinkedHashMap<>();
        Map<String, MesConfig> mesOf = new HashMap<>();
        Map<String, String> plantOf = new HashMap<>();
        for (PlantStatus s : plants.plants()) {
            if (s.plant() == null) {
                continue;
            }
            MesConfig mes = s.plant().mes();
            for (MesConfig.Line l : mes.lines()) {
                if (seen.putIfAbsent(l.name(), l) != null) {
                    LOG.warn("MES: line {} of plant {} ignored: a line of that name is in plant {}", l.name(),
                            s.plant().name(), plantOf.get(l.name()));
                    continue;
                }
                mesOf.put(l.name(), mes);
                plantOf.put(l.name(), s.plant().name());
            }
            for (MesConfig.Product p : mes.products()) {
                Product product = new Product(p.id(), p.name(), p.idealCycleSeconds(), p.recipe(),
                        p.bom().stream().map(m -> new Material(m.material(), m.quantity(), m.unit())).toList(), "plant");
                if (!product.equals(products.get(p.id()))) {
                    outbox.saveProduct(product);
                    products.put(p.id(), product);
                }
            }
        }
        synchronized (lock) {
            for (String name : new ArrayList<>(lines.keySet())) {
                if (!Objects.equals(key(seen.get(name), mesOf.get(name)), lineKeys.get(name))) {
                    LineRuntime old = lines.remove(name);
                    old.close();
                    outbox.saveLine(snapshot(old));
                    lineConfigs.remove(name);
                    lineKeys.remove(name);
                    LOG.info("MES: line {} no longer followed (plant file changed)", name);
                }
            }
            for (Map.Entry<String, MesConfig.Line> e : seen.entrySet()) {
                if (!lines.containsKey(e.getKey())) {
                    MesConfig mes = mesOf.get(e.getKey());
                    LineRuntime line = new LineRuntime(plantOf.get(e.getKey()), e.getValue(), mes,
                            new ShiftCalendar(mes.shifts(), zone));
                    lines.put(e.getKey(), line);
                    lineConfigs.put(e.getKey(), e.getValue());
                    lineKeys.put(e.getKey(), key(e.getValue(), mes));
                    follow(line);
                    LOG.info("MES: following line {} ({})", e.getKey(), e.getValue().path());
                }
            }
        }
    }

    private static List<Object> key(MesConfig.Line line, MesConfig mes) {
        return line == null ? null : List.of(line, mes.faultReasons(), mes.microStopMillis(), mes.shifts());
    }

    /**
     * Subscribes to the line's state, counters and fault code, and picks up its active order and what was kept of
     * the line before (its snapshot).
     */
    private void follow(LineRuntime line) {
        Instant now = clock.instant();
        line.followingSince = now;
        orders.values().stream().filter(o -> o.line().equals(line.name()) && o.state().active()).findFirst()
                .ifPresent(o -> line.activeOrder = o.id());
        LineSnapshot kept = outbox.line(line.name());
        if (kept != null) {
            resume(line, kept);
        }
        if (line.activeOrder != null && line.orderWindow == null) {
            line.orderWindow = new OeeWindow("order", line.activeOrder, line.name(), now);
        }
        rollShift(line, now);
        MesConfig.Line c = line.config;
        Map<TagPath, ValueHandler> handlers = new HashMap<>();
        handlers.put(c.goodCount(), v -> onCount(line, v, true));
        handlers.put(c.rejectCount(), v -> onCount(line, v, false));
        handlers.put(c.state(), v -> onState(line, v));
        if (c.faultCode() != null) {
            handlers.put(c.faultCode(), v -> onFault(line, v));
        }
        // one subscription for all of the line's tags: one queue, so a fault code and the state change it explains
        // are handled in the order they were published; a deep queue, so no change is dropped for a slow moment
        line.subscriptions.add(bus.subscribe(TagPattern.of(commonParent(handlers.keySet()) + "/#"), (p, v) -> {
            ValueHandler h = handlers.get(p);
            if (h != null && v.quality() == Quality.GOOD && v.value() instanceof Number) {
                h.accept(v);
            }
        }, "mes:" + line.name(), 100_000, true));
        publishLine(line, now);
    }

    /** What the MES knows of the line now; caller holds the lock. */
    private LineSnapshot snapshot(LineRuntime line) {
        WorkOrder order = line.activeOrder == null ? null : orders.get(line.activeOrder);
        return new LineSnapshot(line.name(), clock.instant(), line.config.goodCount().toString(),
                line.config.rejectCount().toString(), line.good.last(), line.reject.last(),
                line.shiftWindow == null ? null : line.shiftWindow.state(),
                order == null || line.orderWindow == null ? null : line.orderWindow.state(),
                order == null ? 0 : order.good(), order == null ? 0 : order.reject(), line.openStop,
                line.downtime.faultCode());
    }

    private void keep(LineRuntime line) {
        outbox.saveLine(snapshot(line));
    }

    /**
     * Takes up the line where the snapshot left it: counters go on from their readings then (the units made since
     * are counted with the next reading), the shift window if it is the same shift (a shift that ended meanwhile is
     * closed and stored by {@link #rollShift}), the order's window and counts if it still has the line (the counts
     * kept with the readings, so nothing is counted twice), and a stop still open. Caller holds the lock.
     */
    private void resume(LineRuntime line, LineSnapshot kept) {
        if (line.config.goodCount().toString().equals(kept.goodTag())) {
            line.good.resumeFrom(kept.goodBase());
        }
        if (line.config.rejectCount().toString().equals(kept.rejectTag())) {
            line.reject.resumeFrom(kept.rejectBase());
        }
        if (kept.shift() != null && kept.shift().to() == null) {
            ShiftCalendar.ShiftInstance shift = line.calendar.shiftAt(kept.shift().from());
            if (shift != null && shift.id(line.name()).equals(kept.shift().id())) {
                line.shift = shift;
                line.shiftWindow = OeeWindow.restore(kept.shift());
            }
        }
        WorkOrder order = line.activeOrder == null ? null : orders.get(line.activeOrder);
        if (order != null && kept.order() != null && kept.order().id().equals(order.id())) {
            line.orderWindow = OeeWindow.restore(kept.order());
            if (order.good() != kept.orderGood() || order.reject() != kept.orderReject()) {
                withCounts(order, kept.orderGood(), kept.orderReject());
            }
        }
        DowntimeEvent stop = kept.openStop();
        if (stop != null) {
            line.openStop = stop;
            line.downtime.resume(kept.faultCode(), stop.start(), !stop.reasonBy().isEmpty());
        } else {
            line.downtime.resume(kept.faultCode(), null, false);
        }
        LOG.info("MES: line {} goes on from its snapshot of {} (counters at {} good, {} reject{}{})", line.name(),
                kept.savedAt(), kept.goodBase(), kept.rejectBase(), line.orderWindow != null ? ", order " + order.id() : "",
                stop != null ? ", stopped since " + stop.start() : "");
    }

    private interface ValueHandler {
        void accept(TagValue value);
    }

    /** The deepest path that all the given tags are under. */
    static TagPath commonParent(java.util.Collection<TagPath> paths) {
        TagPath common = null;
        for (TagPath p : paths) {
            TagPath parent = p.parent();
            if (common == null) {
                common = parent;
            }
            while (!parent.startsWith(common)) {
                common = common.parent();
            }
        }
        return common;
    }

    // ---- live tags ---------------------------------------------------------------------------------

    private void onCount(LineRuntime line, TagValue v, boolean good) {
        long raw = ((Number) v.value()).longValue();
        Instant now = clock.instant();
        synchronized (lock) {
            if (lines.get(line.name()) != line) {
                return;
            }
            long delta = (good ? line.good : line.reject).next(Math.floorMod(raw, line.config.counterModulo()));
            if (delta == 0) {
                return;
            }
            rollShift(line, now);
            long g = good ? delta : 0;
            long r = good ? 0 : delta;
            if (line.dispatching != null) {
                line.pendingGood += g;
                line.pendingReject += r;
            }
            WorkOrder order = line.activeOrder == null ? null : orders.get(line.activeOrder);
            double cycleMillis = order == null ? lastCycleMillis(line) : cycleMillis(order.product(), line.name());
            if (line.shiftWindow != null) {
                line.shiftWindow.count(g, r, cycleMillis);
            }
            if (order != null) {
                line.orderWindow.count(g, r, cycleMillis);
                order = withCounts(order, order.good() + g, order.reject() + r);
                if (line.config.autoComplete() && order.state() == OrderState.RUNNING && order.good() >= order.quantity()) {
                    finish(line, order, OrderState.COMPLETED, AUTO, "target " + order.quantity() + " reached", now);
                }
            }
            // at most every OEE_PUBLISH_MILLIS per line: current to a tenth of a second, not ten publications per count
            line.oeeDirty = true;
            if (now.toEpochMilli() - line.oeePublishedAtMillis >= OEE_PUBLISH_MILLIS) {
                publishOee(line, now);
            }
        }
    }

    /** Publishes the OEE figures of lines whose counts changed since their last publication. */
    private void publishDirtyOee() {
        try {
            Instant now = clock.instant();
            synchronized (lock) {
                for (LineRuntime line : lines.values()) {
                    if (line.oeeDirty) {
                        publishOee(line, now);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("MES: publishing OEE failed", e);
        }
    }

    private void onState(LineRuntime line, TagValue v) {
        Instant at = Instant.ofEpochMilli(v.sourceTime());
        synchronized (lock) {
            if (lines.get(line.name()) != line) {
                return;
            }
            Instant now = clock.instant();
            rollShift(line, now);
            applyDowntime(line, line.downtime.state(((Number) v.value()).longValue(), at), now);
            bus.publish(line.mesTag("running"), line.downtime.running());
        }
    }

    private void onFault(LineRuntime line, TagValue v) {
        Instant at = Instant.ofEpochMilli(v.sourceTime());
        synchronized (lock) {
            if (lines.get(line.name()) != line) {
                return;
            }
            applyDowntime(line, line.downtime.faultCode(((Number) v.value()).intValue(), at), clock.instant());
        }
    }

    private void applyDowntime(LineRuntime line, DowntimeTracker.Change change, Instant now) {
        if (change instanceof DowntimeTracker.Started s) {
            DowntimeEvent e = new DowntimeEvent(downtimeIds.incrementAndGet(), line.name(), line.activeOrder, s.at(),
                    null, s.faultCode(), s.reason(), s.faultCode() != 0 ? "plc" : "");
            line.openStop = e;
            forWindows(line, w -> w.stopStarted(s.at()));
            outbox.saveDowntime(e);
            event(line, "downtime-start", Map.of("id", e.id(), "reason", e.reason(), "faultCode", e.faultCode()));
            bus.publish(line.mesTag("downtime"), e.reason());
            keep(line);
            drainSoon();
        } else if (change instanceof DowntimeTracker.Ended end) {
            DowntimeEvent open = line.openStop;
            line.openStop = null;
            forWindows(line, w -> w.stopEnded(end.end(), end.microStop()));
            if (open != null) {
                if (end.microStop()) {
                    outbox.deleteDowntime(open.id());
                    recentMicroStops.put(open.id(), line.name() + " lasted "
                            + (end.end().toEpochMilli() - end.start().toEpochMilli()) + " ms");
                    event(line, "micro-stop", Map.of("millis", end.end().toEpochMilli() - end.start().toEpochMilli()));
                } else {
                    DowntimeEvent closed = new DowntimeEvent(open.id(), open.line(), open.orderId(), open.start(),
                            end.end(), open.faultCode(), open.reason(), open.reasonBy());
                    outbox.saveDowntime(closed);
                    event(line, "downtime-end", Map.of("id", closed.id(), "reason", closed.reason(), "durationMillis",
                            closed.durationMillis(now)));
                }
            }
            bus.publish(line.mesTag("downtime"), "");
            publishOee(line, now);
            keep(line);
            drainSoon();
        } else if (change instanceof DowntimeTracker.ReasonChanged rc && line.openStop != null) {
            DowntimeEvent o = line.openStop;
            if (o.reasonBy().isEmpty() || o.reasonBy().equals("plc")) {
                DowntimeEvent e = new DowntimeEvent(o.id(), o.line(), o.orderId(), o.start(), null, rc.faultCode(),
                        rc.reason(), "plc");
                line.openStop = e;
                outbox.saveDowntime(e);
                bus.publish(line.mesTag("downtime"), e.reason());
                keep(line);
            }
        }
    }

    private static void forWindows(LineRuntime line, java.util.function.Consumer<OeeWindow> action) {
        if (line.shiftWindow != null) {
            action.accept(line.shiftWindow);
        }
        if (line.orderWindow != null) {
            action.accept(line.orderWindow);
        }
    }

    /** Moves the line's shift window on when the shift it belongs to has ended (the old one is stored). */
    private void rollShift(LineRuntime line, Instant now) {
        if (line.shift != null && now.isBefore(line.shift.end())) {
            return;
        }
        if (line.shiftWindow != null) {
            line.shiftWindow.close(line.shift.end());
            Oee done = line.shiftWindow.compute(now, line.calendar);
            outbox.saveOee(done);
        }
        ShiftCalendar.ShiftInstance next = line.calendar.shiftAt(now);
        line.shift = next;
        if (next == null) {
            line.shiftWindow = null;
            return;
        }
        // figures start when the MES began to follow the line, not at a shift start it did not see
        Instant from = next.start().isAfter(line.followingSince) ? next.start() : line.followingSince;
        line.shiftWindow = new OeeWindow("shift", next.id(line.name()), line.name(), from);
        if (line.downtime.stopped()) {
            line.shiftWindow.stopStarted(from);
        }
    }

    private void tickQuietly() {
        try {
            Instant now = clock.instant();
            synchronized (lock) {
                for (LineRuntime line : lines.values()) {
                    rollShift(line, now);
                    publishOee(line, now);
                }
            }
            flush();
        } catch (RuntimeException e) {
            LOG.warn("MES: periodic flush failed: {}", e.getMessage());
        }
    }

    /**
     * Writes changed order counts and the current OEE rows to the database, and keeps the lines' snapshots. The
     * snapshots go into the outbox file before the orders: a file that has an order's newer counts has the snapshot
     * (counter readings) they go with.
     */
    public void flush() {
        if (!ready) {
            return;
        }
        List<WorkOrder> dirty = new ArrayList<>();
        List<Oee> rows = new ArrayList<>();
        List<LineSnapshot> snapshots = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (lock) {
            dirtyOrders.keySet().forEach(id -> dirty.add(orders.get(id)));
            dirtyOrders.clear();
            for (LineRuntime line : lines.values()) {
                snapshots.add(snapshot(line));
                if (line.shiftWindow != null) {
                    rows.add(line.shiftWindow.compute(now, line.calendar));
                }
                if (line.orderWindow != null) {
                    rows.add(line.orderWindow.compute(now, line.calendar));
                }
            }
        }
        snapshots.forEach(outbox::saveLine);
        dirty.forEach(outbox::saveOrder);
        rows.forEach(outbox::saveOee);
        outbox.drain();
    }

    // ---- events on the tag bus ---------------------------------------------------------------------

    private void publishOee(LineRuntime line, Instant now) {
        line.oeeDirty = false;
        line.oeePublishedAtMillis = now.toEpochMilli();
        Oee oee = line.shiftWindow != null ? line.shiftWindow.compute(now, line.calendar) : null;
        if (oee != null) {
            bus.publish(line.mesTag("oee"), oee.oee());
            bus.publish(line.mesTag("availability"), oee.availability());
            bus.publish(line.mesTag("performance"), oee.performance());
            bus.publish(line.mesTag("quality"), oee.quality());
        }
        WorkOrder order = line.activeOrder == null ? null : orders.get(line.activeOrder);
        if (order != null) {
            bus.publish(line.mesTag("order-good"), order.good());
            bus.publish(line.mesTag("order-reject"), order.reject());
            bus.publish(line.mesTag("order-oee"), line.orderWindow.compute(now, line.calendar).oee());
        }
    }

    private void publishLine(LineRuntime line, Instant now) {
        WorkOrder order = line.activeOrder == null ? null : orders.get(line.activeOrder);
        bus.publish(line.mesTag("order"), order == null ? "" : order.id());
        bus.publish(line.mesTag("order-state"), order == null ? "" : order.state().name());
        publishOee(line, now);
    }

    private void event(LineRuntime line, String type, Map<String, ?> fields) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("event", type);
        all.put("line", line.name());
        all.put("at", clock.instant().toString());
        all.putAll(fields);
        bus.publish(line.mesTag("event"), Json.object(all));
    }

    private void orderEvent(WorkOrder o) {
        LineRuntime line = lines.get(o.line());
        if (line != null) {
            Transition t = o.transitions().get(o.transitions().size() - 1);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("order", o.id());
            fields.put("from", t.from() == null ? "" : t.from().name());
            fields.put("to", t.to().name());
            fields.put("by", t.by());
            fields.put("note", t.note());
            event(line, "order", fields);
            publishLine(line, clock.instant());
        }
    }

    /** Applies the outbox on the MES thread, so the caller does not wait for the database. */
    private void drainSoon() {
        try {
            scheduler.execute(outbox::drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: deactivate drains once more
        }
    }

    // ---- lines and products ------------------------------------------------------------------------

    @Override
    public List<LineStatus> lines() {
        requireReady();
        synchronized (lock) {
            return lines.values().stream().map(l -> new LineStatus(l.name(), l.plant, l.config.path().toString(),
                    l.config.cells(), l.downtime.running(), l.activeOrder,
                    l.shiftWindow == null ? 0 : l.shiftWindow.compute(clock.instant(), l.calendar).microStops())).toList();
        }
    }

    @Override
    public List<Product> products() {
        requireReady();
        return products.values().stream().sorted(Comparator.comparing(Product::id)).toList();
    }

    @Override
    public Product createProduct(Product p, String by) {
        requireReady();
        if (p.id() == null || !ORDER_ID.matcher(p.id()).matches()) {
            throw new MesException(Kind.INVALID, "product id '" + p.id() + "' is not valid (letters, digits, '-', '_', '.')");
        }
        if (p.idealCycleSeconds().isEmpty()) {
            throw new MesException(Kind.INVALID, "product " + p.id() + ": an ideal cycle time for at least one line is required");
        }
        synchronized (lock) {
            if (products.containsKey(p.id())) {
                throw new MesException(Kind.CONFLICT, "product " + p.id() + " exists already");
            }
            for (Map.Entry<String, Double> e : p.idealCycleSeconds().entrySet()) {
                MesConfig.Line line = lineConfigs.get(e.getKey());
                if (line == null) {
                    throw new MesException(Kind.INVALID, "product " + p.id() + ": unknown line " + e.getKey());
                }
                if (!(e.getValue() > 0)) {
                    throw new MesException(Kind.INVALID, "product " + p.id() + ": ideal cycle time on " + e.getKey()
                            + " must be > 0 s");
                }
                for (String setpoint : p.recipe().keySet()) {
                    if (!line.setpoints().containsKey(setpoint)) {
                        throw new MesException(Kind.INVALID, "product " + p.id() + ": line " + e.getKey()
                                + " has no setpoint " + setpoint + " (it has " + line.setpoints().keySet() + ")");
                    }
                }
            }
            Product created = new Product(p.id(), p.name() == null || p.name().isBlank() ? p.id() : p.name(),
                    p.idealCycleSeconds(), p.recipe(), p.bom(), "runtime");
            outbox.saveProduct(created);
            products.put(created.id(), created);
            LOG.info("MES: product {} created by {}", created.id(), by);
            return created;
        }
    }

    private double cycleMillis(String product, String line) {
        Product p = products.get(product);
        Double seconds = p == null ? null : p.idealCycleSeconds().get(line);
        return seconds == null ? 0 : seconds * 1000;
    }

    /** Counts outside an order: at the ideal rate of the line's most recent order, else not in performance. */
    private double lastCycleMillis(LineRuntime line) {
        return orders.values().stream().filter(o -> o.line().equals(line.name()) && o.startedAt() != null)
                .max(Comparator.comparing(WorkOrder::startedAt))
                .map(o -> cycleMillis(o.product(), line.name())).orElse(0.0);
    }

    // ---- orders ------------------------------------------------------------------------------------

    @Override
    public List<WorkOrder> orders(String line) {
        requireReady();
        return orders.values().stream().filter(o -> line == null || o.line().equals(line))
                .sorted(Comparator.comparing(WorkOrder::createdAt).reversed().thenComparing(WorkOrder::id)).toList();
    }

    @Override
    public Optional<WorkOrder> order(String id) {
        requireReady();
        return Optional.ofNullable(orders.get(id));
    }

    private WorkOrder require(String id) {
        WorkOrder o = id == null ? null : orders.get(id);
        if (o == null) {
            throw new MesException(Kind.NOT_FOUND, "unknown order " + id);
        }
        return o;
    }

    @Override
    public WorkOrder createOrder(OrderRequest r, String by) {
        requireReady();
        if (r.id() == null || !ORDER_ID.matcher(r.id()).matches()) {
            throw new MesException(Kind.INVALID, "order id '" + r.id() + "' is not valid (1-64 letters, digits, '-', '_', '.')");
        }
        if (r.quantity() <= 0) {
            throw new MesException(Kind.INVALID, "order " + r.id() + ": quantity must be > 0, got " + r.quantity());
        }
        Product product = r.product() == null ? null : products.get(r.product());
        if (product == null) {
            throw new MesException(Kind.INVALID, "order " + r.id() + ": unknown product " + r.product());
        }
        synchronized (lock) {
            if (!lineConfigs.containsKey(r.line())) {
                throw new MesException(Kind.INVALID, "order " + r.id() + ": unknown line " + r.line()
                        + " (lines: " + String.join(", ", lines.keySet()) + ")");
            }
            if (!product.idealCycleSeconds().containsKey(r.line())) {
                throw new MesException(Kind.INVALID, "order " + r.id() + ": product " + product.id()
                        + " is not made on line " + r.line() + " (no ideal cycle time for it)");
            }
            if (orders.containsKey(r.id())) {
                throw new MesException(Kind.CONFLICT, "order " + r.id() + " exists already");
            }
            Instant now = clock.instant();
            WorkOrder o = new WorkOrder(r.id(), product.id(), r.line(), r.quantity(), r.due(), r.priority(),
                    OrderState.CREATED, 0, 0, "", now, null, null,
                    List.of(new Transition(null, OrderState.CREATED, by, now, "")));
            outbox.saveOrder(o);
            orders.put(o.id(), o);
            drainSoon();
            orderEvent(o);
            return o;
        }
    }

    @Override
    public WorkOrder release(String id, String by) {
        requireReady();
        synchronized (lock) {
            WorkOrder o = require(id);
            return transition(o, OrderState.RELEASED, by, "", "");
        }
    }

    @Override
    public WorkOrder hold(String id, String reason, String by) {
        requireReady();
        synchronized (lock) {
            return transition(require(id), OrderState.HELD, by, reason, reason);
        }
    }

    @Override
    public WorkOrder resume(String id, String by) {
        requireReady();
        synchronized (lock) {
            WorkOrder o = require(id);
            if (o.state() != OrderState.HELD) {
                throw invalidTransition(o, OrderState.RUNNING, "resume");
            }
            return transition(o, OrderState.RUNNING, by, "resumed", "");
        }
    }

    @Override
    public WorkOrder complete(String id, String by) {
        requireReady();
        synchronized (lock) {
            WorkOrder o = require(id);
            check(o, OrderState.COMPLETED);
            LineRuntime line = lines.get(o.line());
            return finish(line, o, OrderState.COMPLETED, by, "", clock.instant());
        }
    }

    @Override
    public WorkOrder abort(String id, String reason, String by) {
        requireReady();
        synchronized (lock) {
            WorkOrder o = require(id);
            check(o, OrderState.ABORTED);
            LineRuntime line = lines.get(o.line());
            return finish(line, o, OrderState.ABORTED, by, reason == null ? "" : reason, clock.instant());
        }
    }

    private static MesException invalidTransition(WorkOrder o, OrderState to, String what) {
        return new MesException(Kind.CONFLICT, "order " + o.id() + " is " + o.state() + ": cannot " + what
                + (o.state().next().isEmpty() ? " (it is finished)" : " (from " + o.state() + " it may go to "
                + o.state().next() + ")"));
    }

    private static void check(WorkOrder o, OrderState to) {
        if (!o.state().canGoTo(to)) {
            throw invalidTransition(o, to, "go to " + to);
        }
    }

    /** A plain state change (no PLC work); caller holds the lock. */
    private WorkOrder transition(WorkOrder o, OrderState to, String by, String note, String reason) {
        check(o, to);
        Instant now = clock.instant();
        List<Transition> ts = new ArrayList<>(o.transitions());
        ts.add(new Transition(o.state(), to, by, now, note == null ? "" : note));
        WorkOrder next = new WorkOrder(o.id(), o.product(), o.line(), o.quantity(), o.due(), o.priority(), to, o.good(),
                o.reject(), reason, o.createdAt(), o.startedAt() == null && to == OrderState.RUNNING ? now : o.startedAt(),
                to.finished() ? now : o.endedAt(), ts);
        outbox.saveOrder(next);
        orders.put(next.id(), next);
        dirtyOrders.remove(next.id());
        drainSoon();
        orderEvent(next);
        return next;
    }

    /** Completes or aborts; frees the line and stores the order's OEE; caller holds the lock. */
    private WorkOrder finish(LineRuntime line, WorkOrder o, OrderState to, String by, String note, Instant now) {
        WorkOrder done = transition(o, to, by, note, to == OrderState.ABORTED ? note : "");
        if (line != null && o.id().equals(line.activeOrder)) {
            line.orderWindow.close(now);
            Oee oee = line.orderWindow.compute(now, line.calendar);
            outbox.saveOee(oee);
            line.activeOrder = null;
            line.orderWindow = null;
            keep(line);
            publishLine(line, now);
            if (line.config.orderId() != null) {
                // tell the PLC the order is over; best effort, nothing waits for it
                try {
                    bus.write(line.config.orderId(), "", by);
                } catch (RuntimeException e) {
                    LOG.warn("MES: clearing the order id on {} failed: {}", line.name(), e.getMessage());
                }
            }
        }
        return done;
    }

    private WorkOrder withCounts(WorkOrder o, long good, long reject) {
        WorkOrder next = new WorkOrder(o.id(), o.product(), o.line(), o.quantity(), o.due(), o.priority(), o.state(),
                good, reject, o.reason(), o.createdAt(), o.startedAt(), o.endedAt(), o.transitions());
        orders.put(o.id(), next);
        dirtyOrders.putIfAbsent(o.id(), o.transitions().size());
        return next;
    }

    // ---- dispatch ----------------------------------------------------------------------------------

    @Override
    public WorkOrder start(String id, String by) {
        requireReady();
        LineRuntime line;
        List<Dispatcher.Write> plan;
        synchronized (lock) {
            WorkOrder o = require(id);
            if (o.state() != OrderState.RELEASED) {
                throw invalidTransition(o, OrderState.RUNNING, "start" + (o.state() == OrderState.HELD
                        ? " (a held order is resumed)" : ""));
            }
            line = lines.get(o.line());
            if (line == null) {
                throw new MesException(Kind.CONFLICT, "order " + id + ": line " + o.line() + " is not configured now");
            }
            if (line.activeOrder != null) {
                throw new MesException(Kind.CONFLICT, "order " + id + ": line " + o.line() + " runs order "
                        + line.activeOrder + "; complete, abort or hold it first");
            }
            if (line.dispatching != null) {
                throw new MesException(Kind.CONFLICT, "order " + id + ": order " + line.dispatching
                        + " is being dispatched to line " + o.line());
            }
            plan = Dispatcher.plan(bus, line.config, products.get(o.product()), o);
            line.dispatching = id;
            line.pendingGood = 0;
            line.pendingReject = 0;
        }
        String failure;
        try {
            failure = new Dispatcher(bus, clock, writer).run(plan, line.config, id, by);
        } catch (RuntimeException e) {
            failure = "dispatch failed: " + e.getMessage();
        }
        synchronized (lock) {
            line.dispatching = null;
            WorkOrder o = require(id);
            if (failure != null) {
                LOG.warn("MES: order {} not started: {}", id, failure);
                WorkOrder kept = new WorkOrder(o.id(), o.product(), o.line(), o.quantity(), o.due(), o.priority(),
                        o.state(), o.good(), o.reject(), failure, o.createdAt(), o.startedAt(), o.endedAt(),
                        o.transitions());
                outbox.saveOrder(kept);
                orders.put(id, kept);
                drainSoon();
                throw new MesException(Kind.CONFLICT, "order " + id + " stays RELEASED: " + failure);
            }
            if (lines.get(line.name()) != line) {
                throw new MesException(Kind.CONFLICT, "order " + id + ": line " + line.name()
                        + " was reconfigured during the dispatch; start it again");
            }
            Instant now = clock.instant();
            WorkOrder running = transition(o, OrderState.RUNNING, by, "acknowledged by the PLC", "");
            line.activeOrder = id;
            line.orderWindow = new OeeWindow("order", id, line.name(), now);
            if (line.downtime.stopped()) {
                line.orderWindow.stopStarted(now);
            }
            double cycle = cycleMillis(running.product(), line.name());
            line.orderWindow.count(line.pendingGood, line.pendingReject, cycle);
            running = withCounts(running, line.pendingGood, line.pendingReject);
            keep(line);
            publishLine(line, now);
            return running;
        }
    }

    // ---- figures -----------------------------------------------------------------------------------

    @Override
    public List<Material> consumption(String id) {
        requireReady();
        WorkOrder o = require(id);
        Product p = products.get(o.product());
        long units = o.good() + o.reject();
        return p == null ? List.of() : p.bom().stream()
                .map(m -> new Material(m.material(), m.quantity() * units, m.unit())).toList();
    }

    private LineRuntime requireLine(String name) {
        LineRuntime line = lines.get(name);
        if (line == null) {
            throw new MesException(Kind.NOT_FOUND, "unknown line " + name + " (lines: " + String.join(", ", lines.keySet()) + ")");
        }
        return line;
    }

    @Override
    public Oee lineOee(String name) {
        requireReady();
        synchronized (lock) {
            LineRuntime line = requireLine(name);
            Instant now = clock.instant();
            if (line.shiftWindow == null) {
                throw new MesException(Kind.NOT_FOUND, "line " + name + " is outside every shift now");
            }
            Oee oee = line.shiftWindow.compute(now, line.calendar);
            return new Oee("line", name, name, oee.from(), oee.to(), oee.plannedMillis(), oee.runMillis(), oee.good(),
                    oee.reject(), oee.idealMillis(), oee.microStops(), oee.availability(), oee.performance(),
                    oee.quality(), oee.oee());
        }
    }

    @Override
    public Oee orderOee(String id) {
        requireReady();
        synchronized (lock) {
            WorkOrder o = require(id);
            LineRuntime line = lines.get(o.line());
            if (line != null && id.equals(line.activeOrder)) {
                return line.orderWindow.compute(clock.instant(), line.calendar);
            }
        }
        outbox.drain();
        return store.oee("order", require(id).line(), Integer.MAX_VALUE).stream().filter(x -> x.id().equals(id))
                .findFirst().orElseThrow(() -> new MesException(Kind.NOT_FOUND, "order " + id + " has not run"));
    }

    @Override
    public List<Oee> shiftOee(String name) {
        requireReady();
        List<Oee> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        synchronized (lock) {
            LineRuntime line = requireLine(name);
            if (line.shiftWindow != null) {
                Oee current = line.shiftWindow.compute(clock.instant(), line.calendar);
                result.add(current);
                ids.add(current.id());
            }
        }
        outbox.drain();
        store.oee("shift", name, 50).stream().filter(o -> ids.add(o.id())).forEach(result::add);
        return result;
    }

    @Override
    public List<DowntimeEvent> downtime(String name, int limit) {
        requireReady();
        requireLine(name);
        outbox.drain(); // what the database returns includes every change made before this call
        return store.downtime(name, limit);
    }

    @Override
    public DowntimeEvent assignReason(long id, String reason, String by) {
        requireReady();
        if (reason == null || !ORDER_ID.matcher(reason).matches()) {
            throw new MesException(Kind.INVALID, "reason code '" + reason + "' is not valid (letters, digits, '-', '_', '.')");
        }
        synchronized (lock) {
            // an open stop is known here, also while the database is away
            DowntimeEvent e = lines.values().stream().map(l -> l.openStop).filter(o -> o != null && o.id() == id)
                    .findFirst().orElse(null);
            if (e == null && recentMicroStops.containsKey(id)) {
                throw new MesException(Kind.NOT_FOUND, "downtime event " + id + " is gone: the stop of line "
                        + recentMicroStops.get(id) + ", shorter than the micro-stop threshold, so it counts as a "
                        + "micro-stop (performance loss), not as downtime");
            }
            if (e == null) {
                outbox.drain();
                e = store.downtime(id);
            }
            if (e == null) {
                throw new MesException(Kind.NOT_FOUND, "unknown downtime event " + id);
            }
            DowntimeEvent changed = new DowntimeEvent(e.id(), e.line(), e.orderId(), e.start(), e.end(), e.faultCode(),
                    reason, by);
            outbox.saveDowntime(changed);
            drainSoon();
            LineRuntime line = lines.get(e.line());
            if (line != null && line.openStop != null && line.openStop.id() == id) {
                line.openStop = changed;
                bus.publish(line.mesTag("downtime"), reason);
                keep(line);
            }
            return changed;
        }
    }
}
