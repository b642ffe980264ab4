package org.plantwire.alarms.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.plantwire.alarms.Alarm;
import org.plantwire.alarms.AlarmDefinition;
import org.plantwire.alarms.AlarmEvent;
import org.plantwire.alarms.AlarmEvent.Type;
import org.plantwire.alarms.AlarmException;
import org.plantwire.alarms.AlarmKind;
import org.plantwire.alarms.AlarmState;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;

/**
 * The alarm state machine of ISA-18.2 for a set of definitions, without threads or clocks: values and ticks come in
 * with the time, events come out. A limit alarm activates when the value passes the limit and returns only once it is
 * back past the limit by the deadband; the condition must hold for the on-delay before the alarm activates and be
 * gone for the off-delay before it returns. A value of bad quality (or none) changes nothing: the alarm keeps its
 * state until the tag is good again. (High: active above the limit, returned below limit minus deadband; low mirrors it.) Suppression blocks activation; shelving hides an alarm until it expires.
 */
final class AlarmEngine {

    /** One alarm's working state. */
    private static final class Entry {
        final AlarmDefinition def;
        AlarmState state = AlarmState.NORMAL;
        boolean condition;
        long conditionSince;
        long clearSince;
        Object value;
        long activeSince;
        String ackedBy;
        long ackedAt;
        String ackComment;
        long shelvedUntil;
        String shelvedBy;
        String shelveReason;
        boolean suppressed;
        boolean hasLast;
        double lastValue;
        long lastTime;

        Entry(AlarmDefinition def) {
            this.def = def;
        }

        Alarm snapshot() {
            return new Alarm(def, state, value, activeSince, ackedBy, ackedAt, ackComment, shelvedUntil, shelvedBy,
                    shelveReason, suppressed);
        }
    }

    private final Map<String, Entry> byId = new LinkedHashMap<>();
    private final Map<TagPath, List<Entry>> byTag = new LinkedHashMap<>();
    private final Map<TagPath, List<Entry>> bySuppressTag = new LinkedHashMap<>();

    AlarmEngine(Collection<AlarmDefinition> definitions) {
        for (AlarmDefinition d : definitions) {
            if (byId.containsKey(d.id())) {
                throw new IllegalArgumentException("alarm " + d.id() + " is defined twice");
            }
            Entry e = new Entry(d);
            byId.put(d.id(), e);
            byTag.computeIfAbsent(d.tag(), t -> new ArrayList<>()).add(e);
            if (d.suppressTag() != null) {
                bySuppressTag.computeIfAbsent(d.suppressTag(), t -> new ArrayList<>()).add(e);
            }
        }
    }

    /** The tags the engine needs values of: alarm tags and suppression tags. */
    synchronized List<TagPath> tags() {
        List<TagPath> tags = new ArrayList<>(byTag.keySet());
        bySuppressTag.keySet().stream().filter(t -> !byTag.containsKey(t)).forEach(tags::add);
        return tags;
    }

    synchronized List<Alarm> alarms() {
        return byId.values().stream().map(Entry::snapshot).toList();
    }

    synchronized Alarm alarm(String id) {
        Entry e = byId.get(id);
        return e == null ? null : e.snapshot();
    }

    /**
     * Puts an alarm back in the state it had (from the journal, after a restart): its state, when it became active,
     * who acknowledged it, its shelving. The next value of its tag takes it on from there: an active alarm whose
     * condition is gone returns (and, unacknowledged, waits for the acknowledgement it never got).
     */
    synchronized void restore(Alarm was) {
        Entry e = byId.get(was.definition().id());
        if (e == null) {
            return;
        }
        e.state = was.state();
        e.condition = was.state().active();
        e.conditionSince = was.activeSince();
        e.activeSince = was.activeSince();
        e.value = was.value();
        e.ackedBy = was.ackedBy();
        e.ackedAt = was.ackedAt();
        e.ackComment = was.ackComment();
        e.shelvedUntil = was.shelvedUntil();
        e.shelvedBy = was.shelvedBy();
        e.shelveReason = was.shelveReason();
    }

    /** A tag's new value at {@code now}. */
    synchronized List<AlarmEvent> onValue(TagPath path, TagValue v, long now) {
        List<AlarmEvent> events = new ArrayList<>();
        for (Entry e : bySuppressTag.getOrDefault(path, List.of())) {
            if (v == null || !v.quality().isGood()) {
                continue;
            }
            boolean suppressed = same(v.value(), e.def.suppressValue());
            if (suppressed != e.suppressed) {
                e.suppressed = suppressed;
                events.add(event(e, now, suppressed ? Type.SUPPRESSED : Type.UNSUPPRESSED, null, null));
            }
        }
        for (Entry e : byTag.getOrDefault(path, List.of())) {
            if (v == null || !v.quality().isGood() || v.value() == null) {
                continue;
            }
            Boolean condition = condition(e, v);
            if (condition == null) {
                continue;
            }
            e.value = v.value();
            if (condition && !e.condition) {
                e.conditionSince = now;
            } else if (!condition && e.condition) {
                e.clearSince = now;
            }
            e.condition = condition;
            evaluate(e, now, events);
        }
        return events;
    }

    /** Time passes: delays run out, shelving expires. */
    synchronized List<AlarmEvent> tick(long now) {
        List<AlarmEvent> events = new ArrayList<>();
        for (Entry e : byId.values()) {
            if (e.shelvedUntil != 0 && e.shelvedUntil <= now) {
                e.shelvedUntil = 0;
                events.add(event(e, now, Type.UNSHELVED, null, "shelving expired"));
                e.shelvedBy = null;
                e.shelveReason = null;
            }
            evaluate(e, now, events);
        }
        return events;
    }

    synchronized AlarmEvent acknowledge(String id, String user, String comment, long now) {
        Entry e = entry(id);
        switch (e.state) {
            case UNACK_ACTIVE -> e.state = AlarmState.ACK_ACTIVE;
            case RTN_UNACK -> e.state = AlarmState.NORMAL;
            case ACK_ACTIVE -> throw new AlarmException(409, "alarm " + id + " is acknowledged already (by " + e.ackedBy + ")");
            default -> throw new AlarmException(409, "alarm " + id + " is normal: nothing to acknowledge");
        }
        e.ackedBy = user;
        e.ackedAt = now;
        e.ackComment = comment;
        return event(e, now, Type.ACKNOWLEDGED, user, comment);
    }

    synchronized AlarmEvent shelve(String id, String user, long millis, String reason, long now) {
        Entry e = entry(id);
        if (millis <= 0) {
            throw new AlarmException(400, "a shelving time must be positive");
        }
        if (millis > e.def.maxShelveMillis()) {
            throw new AlarmException(400, "alarm " + id + " may be shelved for at most " + e.def.maxShelveMillis() / 60_000
                    + " min");
        }
        if (reason == null || reason.isBlank()) {
            throw new AlarmException(400, "shelving takes a reason");
        }
        e.shelvedUntil = now + millis;
        e.shelvedBy = user;
        e.shelveReason = reason;
        // a shelving's event carries its end (ISO instant) as its value: the journal can say when it ends
        return new AlarmEvent(now, e.def.id(), Type.SHELVED, e.state, java.time.Instant.ofEpochMilli(e.shelvedUntil).toString(),
                user, reason);
    }

    synchronized AlarmEvent unshelve(String id, String user, long now) {
        Entry e = entry(id);
        if (e.shelvedUntil <= now) {
            throw new AlarmException(409, "alarm " + id + " is not shelved");
        }
        e.shelvedUntil = 0;
        e.shelvedBy = null;
        e.shelveReason = null;
        return event(e, now, Type.UNSHELVED, user, null);
    }

    private Entry entry(String id) {
        Entry e = byId.get(id);
        if (e == null) {
            throw new AlarmException(404, "no alarm " + id);
        }
        return e;
    }

    private static void evaluate(Entry e, long now, List<AlarmEvent> events) {
        if (!e.state.active()) {
            if (e.condition && !e.suppressed && now - e.conditionSince >= e.def.onDelayMillis()) {
                e.state = AlarmState.UNACK_ACTIVE;
                e.activeSince = now;
                e.ackedBy = null;
                e.ackedAt = 0;
                e.ackComment = null;
                events.add(event(e, now, Type.ACTIVATED, null, null));
            }
        } else if (!e.condition && now - e.clearSince >= e.def.offDelayMillis()) {
            e.state = e.state == AlarmState.ACK_ACTIVE ? AlarmState.NORMAL : AlarmState.RTN_UNACK;
            events.add(event(e, now, Type.RETURNED, null, null));
        }
    }

    /** Whether the value is in alarm; null when it cannot say (not a number where one is needed). */
    private static Boolean condition(Entry e, TagValue v) {
        AlarmDefinition d = e.def;
        Object value = v.value();
        if (d.kind() == AlarmKind.BOOLEAN) {
            return value instanceof Boolean b ? b == (d.limit() != 0) : null;
        }
        if (!(value instanceof Number n)) {
            return null;
        }
        double x = n.doubleValue();
        return switch (d.kind()) {
            case HIGH, HIGH_HIGH -> e.condition ? x >= d.limit() - d.deadband() : x > d.limit();
            case LOW, LOW_LOW -> e.condition ? x <= d.limit() + d.deadband() : x < d.limit();
            case STATE -> x == d.limit();
            case RATE_OF_CHANGE -> rate(e, x, v.sourceTime());
            default -> null;
        };
    }

    /** Rate of change per second against the previous value; null for the first value (no rate yet). */
    private static Boolean rate(Entry e, double x, long time) {
        boolean had = e.hasLast;
        double last = e.lastValue;
        long lastTime = e.lastTime;
        e.hasLast = true;
        e.lastValue = x;
        e.lastTime = time;
        if (!had || time <= lastTime) {
            return had ? e.condition : null;
        }
        double perSecond = Math.abs(x - last) * 1000.0 / (time - lastTime);
        AlarmDefinition d = e.def;
        return e.condition ? perSecond >= d.limit() - d.deadband() : perSecond > d.limit();
    }

    private static boolean same(Object value, Object expected) {
        if (value instanceof Number a && expected instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        if (value instanceof Number a && expected instanceof String s) {
            try {
                return a.doubleValue() == Double.parseDouble(s);
            } catch (NumberFormatException ex) {
                return false;
            }
        }
        return Objects.equals(String.valueOf(value), String.valueOf(expected));
    }

    private static AlarmEvent event(Entry e, long now, Type type, String user, String comment) {
        return new AlarmEvent(now, e.def.id(), type, e.state, e.value == null ? null : String.valueOf(e.value), user, comment);
    }
}
