package org.plantwire.access;

/**
 * One line of the audit trail.
 *
 * @param time     epoch milliseconds
 * @param user     who
 * @param role     the user's role then ({@code viewer}, ...; {@code none})
 * @param source   from where ({@code hmi}, {@code rest}, {@code shell}, {@code mes}, ...)
 * @param action   what ({@code write}, {@code ack}, {@code shelve}, {@code login}, ...)
 * @param target   on what (a tag path, an alarm id, ...)
 * @param oldValue the value before, as text; null when none
 * @param newValue the value asked for, as text; null when none
 * @param result   {@code confirmed}, {@code unconfirmed}, {@code failed}, {@code refused}, {@code ok}
 * @param message  why, or the device's answer
 */
public record AuditEntry(long time, String user, String role, String source, String action, String target,
                         String oldValue, String newValue, String result, String message) {
}
