package org.plantwire.alarms;

/**
 * One entry of the alarm journal.
 *
 * @param time    epoch ms
 * @param alarmId the alarm
 * @param type    what happened
 * @param state   the alarm's state after it
 * @param value   the tag's value then (as text), or null
 * @param user    who (acknowledge, shelve), or null for the process
 * @param comment the comment or reason, or null
 */
public record AlarmEvent(long time, String alarmId, Type type, AlarmState state, String value, String user, String comment) {

    /** What happened to an alarm. */
    public enum Type {
        ACTIVATED, RETURNED, ACKNOWLEDGED, SHELVED, UNSHELVED, SUPPRESSED, UNSUPPRESSED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
