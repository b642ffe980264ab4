package org.plantwire.alarms.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.plantwire.access.Actor;
import org.plantwire.access.AuditEntry;
import org.plantwire.access.AuditTrail;
import org.plantwire.access.Role;
import org.plantwire.alarms.Alarm;
import org.plantwire.alarms.AlarmDefinition;
import org.plantwire.alarms.AlarmEvent;
import org.plantwire.alarms.AlarmException;
import org.plantwire.alarms.AlarmKind;
import org.plantwire.alarms.AlarmService;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.plant.AlarmConfig;
import org.plantwire.plant.PlantAlarms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plant's alarms: definitions from the plant files' {@code alarms:} sections, the tags' values from the tag bus,
 * the ISA-18.2 state machine ({@link AlarmEngine}), the journal in the database, and each alarm's state published on
 * the tag bus as {@code <tag>/alarm/<kind>} (so it reaches MQTT through the unified namespace). Operator actions are
 * checked against the role and audited.
 */
@Component(service = AlarmService.class, immediate = true)
public final class AlarmServiceImpl implements AlarmService {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmServiceImpl.class);
    private static final long TICK_MILLIS = 100;

    private final TagBus bus;
    private final AuditTrail audit;
    private final AlarmJournal journal;
    private final Map<String, PlantAlarms> plants = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plantwire-alarms");
        t.setDaemon(true);
        return t;
    });
    private volatile AlarmEngine engine = new AlarmEngine(List.of());
    private final List<Subscription> subscriptions = new ArrayList<>();
    private volatile boolean active;
    /** the alarms took up the states the journal records; false after a start without the journal's database */
    private volatile boolean restored;

    @Activate
    public AlarmServiceImpl(@Reference TagBus bus, @Reference AuditTrail audit,
                            @Reference(target = "(dataSourceName=plantwire)") DataSource dataSource) {
        this(bus, audit, dataSource, waitingFile());
    }

    AlarmServiceImpl(TagBus bus, AuditTrail audit, DataSource dataSource, java.nio.file.Path waitingFile) {
        this.bus = bus;
        this.audit = audit;
        this.journal = new AlarmJournal(dataSource, waitingFile);
        active = true;
        rebuild();
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        handle(engine.tick(System.currentTimeMillis()));
        // started without the journal's database: once it has everything (also what happened meanwhile), each alarm
        // takes up the state the journal records, e.g. a shelving made before the restart
        long now = System.currentTimeMillis();
        if (!restored && journal.problem() == null && journal.waitingCount() == 0
                && now - restoreTriedAt >= RESTORE_RETRY_MILLIS) {
            restoreTriedAt = now;
            LOG.info("Alarms: the journal's database is reachable; each alarm takes up the state the journal records");
            rebuild();
        }
    }

    private static final long RESTORE_RETRY_MILLIS = 5_000;
    private long restoreTriedAt;

    /** {@code ${karaf.data}/alarms/journal-waiting.mv.db}: journal events not yet in the database. */
    private static java.nio.file.Path waitingFile() {
        return java.nio.file.Path.of(System.getProperty("karaf.data", "data"), "alarms", "journal-waiting.mv.db");
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPlant(PlantAlarms p) {
        plants.put(p.plant(), p);
        rebuild();
    }

    void removePlant(PlantAlarms p) {
        plants.remove(p.plant(), p);
        rebuild();
    }

    @Deactivate
    void deactivate() {
        active = false;
        synchronized (subscriptions) {
            subscriptions.forEach(Subscription::close);
            subscriptions.clear();
        }
        ticker.shutdownNow();
        journal.close();
    }

    /** A new engine for the current definitions; each alarm starts again from its tag's current value. */
    private synchronized void rebuild() {
        if (!active) {
            return;
        }
        List<AlarmDefinition> definitions = new ArrayList<>();
        for (PlantAlarms p : plants.values()) {
            for (AlarmConfig c : p.alarms()) {
                definitions.add(definition(c));
            }
        }
        AlarmEngine next;
        try {
            next = new AlarmEngine(definitions);
        } catch (IllegalArgumentException e) {
            LOG.error("Alarms not changed: {}", e.getMessage());
            return;
        }
        // each alarm goes on from the state the journal last recorded (acknowledgements and shelvings survive a restart)
        try {
            Map<String, AlarmDefinition> byId = new java.util.HashMap<>();
            definitions.forEach(d -> byId.put(d.id(), d));
            journal.lastStates(byId, System.currentTimeMillis()).values().forEach(next::restore);
            restored = true;
        } catch (RuntimeException e) {
            restored = false;
            LOG.warn("Alarms start from normal: the journal cannot be read now ({}); they take up its states when it can",
                    e.getMessage());
        }
        synchronized (subscriptions) {
            subscriptions.forEach(Subscription::close);
            subscriptions.clear();
            engine = next;
            for (TagPath tag : next.tags()) {
                subscriptions.add(bus.subscribe(TagPattern.of(tag.toString()),
                        (path, value) -> handle(next.onValue(path, value, System.currentTimeMillis())),
                        "alarms " + tag, 10_000, true));
            }
        }
        LOG.info("Alarms: {} defined on {} tags", definitions.size(), next.tags().size());
    }

    static AlarmDefinition definition(AlarmConfig c) {
        AlarmKind kind = AlarmKind.of(c.kind());
        return new AlarmDefinition(c.tag() + ":" + kind.label(), c.tag(), kind, c.limit(), c.deadband(), c.onDelayMillis(),
                c.offDelayMillis(), c.priority(), c.message(), c.suppressTag(), c.suppressValue(), c.maxShelveMillis());
    }

    private void handle(List<AlarmEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        journal.append(events);
        for (AlarmEvent e : events) {
            Alarm a = engine.alarm(e.alarmId());
            if (a == null) {
                continue;
            }
            LOG.info("Alarm {} {} ({}): {}", e.alarmId(), e.type().label(), e.state().label(), a.definition().message());
            if (e.type() == AlarmEvent.Type.ACTIVATED || e.type() == AlarmEvent.Type.RETURNED
                    || e.type() == AlarmEvent.Type.ACKNOWLEDGED) {
                try {
                    bus.publish(stateTag(a.definition()), e.state().label());
                } catch (RuntimeException ex) {
                    LOG.warn("Alarm {}: state not published on the tag bus: {}", e.alarmId(), ex.getMessage());
                }
            }
        }
    }

    /** Where an alarm's state is published: {@code <tag>/alarm/<kind>}. */
    static TagPath stateTag(AlarmDefinition d) {
        return TagPath.of(d.tag() + "/alarm/" + d.kind().label());
    }

    @Override
    public List<Alarm> alarms() {
        long now = System.currentTimeMillis();
        List<Alarm> all = new ArrayList<>(engine.alarms());
        all.sort(Comparator.comparing((Alarm a) -> !a.annunciated(now)).thenComparingInt(a -> a.definition().priority())
                .thenComparing(Comparator.comparingLong(Alarm::activeSince).reversed()));
        return all;
    }

    @Override
    public Optional<Alarm> alarm(String id) {
        return Optional.ofNullable(engine.alarm(id));
    }

    @Override
    public Alarm acknowledge(String id, Actor actor, String comment) {
        return act("ack", id, actor, comment, () -> engine.acknowledge(id, actor.user(), blankToNull(comment),
                System.currentTimeMillis()));
    }

    @Override
    public Alarm shelve(String id, Actor actor, Duration duration, String reason) {
        return act("shelve", id, actor, (duration == null ? "?" : duration.toMinutes() + " min") + ": " + reason,
                () -> engine.shelve(id, actor.user(), duration == null ? 0 : duration.toMillis(), reason,
                        System.currentTimeMillis()));
    }

    @Override
    public Alarm unshelve(String id, Actor actor) {
        return act("unshelve", id, actor, null, () -> engine.unshelve(id, actor.user(), System.currentTimeMillis()));
    }

    private Alarm act(String action, String id, Actor actor, String what, java.util.function.Supplier<AlarmEvent> step) {
        String role = actor.role() == null ? "none" : actor.role().roleName();
        if (!actor.has(Role.OPERATOR)) {
            String why = actor.user() + " may not " + action + " alarms: it takes the operator role, " + actor.user()
                    + " has " + (actor.role() == null ? "none" : "the " + role + " role");
            audit.record(new AuditEntry(System.currentTimeMillis(), actor.user(), role, actor.source(), action, id, null,
                    what, "refused", why));
            throw new AlarmException(403, why);
        }
        AlarmEvent event;
        try {
            event = step.get();
        } catch (AlarmException e) {
            audit.record(new AuditEntry(System.currentTimeMillis(), actor.user(), role, actor.source(), action, id, null,
                    what, "refused", e.getMessage()));
            throw e;
        }
        audit.record(new AuditEntry(event.time(), actor.user(), role, actor.source(), action, id, null, what, "ok",
                event.state().label()));
        handle(List.of(event));
        return engine.alarm(id);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public Optional<String> journalProblem() {
        String problem = journal.problem();
        long dropped = journal.dropped();
        if (problem == null && dropped == 0) {
            return Optional.empty();
        }
        return Optional.of((problem == null ? "" : journal.waitingCount() + " events wait in data/alarms/journal-waiting.mv.db for the database ("
                + problem + ")") + (problem != null && dropped > 0 ? "; " : "")
                + (dropped == 0 ? "" : dropped + " events dropped (more than " + AlarmJournal.MAX_WAITING + " waited, or unreadable: see the log)"));
    }

    @Override
    public List<AlarmEvent> journal(int limit, String alarmId) {
        return journal.recent(limit, alarmId);
    }
}
