package org.plantwire.alarms;

/**
 * One alarm as it stands now.
 *
 * @param definition   what it watches
 * @param state        its ISA-18.2 state
 * @param value        the tag's value when the state last changed
 * @param activeSince  when it last became active (epoch ms), 0 if never
 * @param ackedBy      who acknowledged it last, or null
 * @param ackedAt      when, or 0
 * @param ackComment   their comment, or null
 * @param shelvedUntil shelved until then (epoch ms), 0 when not shelved
 * @param shelvedBy    who shelved it, or null
 * @param shelveReason why, or null
 * @param suppressed   true while its suppression condition holds
 */
public record Alarm(AlarmDefinition definition, AlarmState state, Object value, long activeSince, String ackedBy,
                    long ackedAt, String ackComment, long shelvedUntil, String shelvedBy, String shelveReason,
                    boolean suppressed) {

    /** True when shelved at {@code now}. */
    public boolean shelved(long now) {
        return shelvedUntil > now;
    }

    /** True when an operator should see it: not normal, not shelved, not suppressed. */
    public boolean annunciated(long now) {
        return state != AlarmState.NORMAL && !shelved(now) && !suppressed;
    }
}
