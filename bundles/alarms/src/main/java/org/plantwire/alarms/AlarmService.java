package org.plantwire.alarms;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.plantwire.access.Actor;

/** The plant's alarms: their states, and what operators do with them (each action audited). */
public interface AlarmService {

    /** Every defined alarm, highest priority and newest first among those not normal. */
    List<Alarm> alarms();

    Optional<Alarm> alarm(String id);

    /**
     * Acknowledges an alarm waiting for it (active or returned unacknowledged); takes the operator role.
     *
     * @throws AlarmException with a message for people when it is unknown, not waiting, or the actor may not
     */
    Alarm acknowledge(String id, Actor actor, String comment);

    /** Shelves an alarm for {@code duration} (at most its definition's longest) with a reason; operator role. */
    Alarm shelve(String id, Actor actor, Duration duration, String reason);

    /** Ends a shelving early; operator role. */
    Alarm unshelve(String id, Actor actor);

    /**
     * What keeps the journal from being complete right now: events waiting because the database cannot be written
     * (and why), or events dropped because too many waited; empty when it writes normally.
     */
    Optional<String> journalProblem();

    /** The journal, newest first; only events of {@code alarmId} when not null. */
    List<AlarmEvent> journal(int limit, String alarmId);
}
