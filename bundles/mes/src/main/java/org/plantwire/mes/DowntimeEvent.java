package org.plantwire.mes;

import java.time.Instant;

/**
 * A stop of a line longer than the micro-stop threshold.
 *
 * @param end       null while the line is still down
 * @param faultCode the PLC's fault code when it stopped, 0 if none
 * @param reason    reason code: mapped from the fault code, or assigned by an operator; {@code unassigned} if none
 * @param reasonBy  who set the reason ({@code plc} when mapped from the fault code)
 */
public record DowntimeEvent(long id, String line, String orderId, Instant start, Instant end, int faultCode,
                            String reason, String reasonBy) {

    public long durationMillis(Instant now) {
        return (end == null ? now : end).toEpochMilli() - start.toEpochMilli();
    }
}
