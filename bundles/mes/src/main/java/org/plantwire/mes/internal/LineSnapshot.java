package org.plantwire.mes.internal;

import java.time.Instant;

import org.plantwire.mes.DowntimeEvent;

/**
 * What the MES knew of a line when it last looked (every flush, every order start and end, and when it stops), kept
 * in the outbox file so that a restarted MES goes on where it stopped: the counters' last readings (so units made
 * while it was stopped are credited, not lost), the OEE windows of the shift and of the running order with the
 * order's counts taken together with those readings, and a stop that was open.
 *
 * @param goodTag     the good counter's tag (a base read from another tag is not used)
 * @param rejectTag   the reject counter's tag
 * @param goodBase    last good-counter reading, -1 if none
 * @param rejectBase  last reject-counter reading, -1 if none
 * @param shift       the shift window, or null
 * @param order       the order window (its id is the order's), or null
 * @param orderGood   the order's good count at the moment of the readings
 * @param orderReject the order's reject count at the moment of the readings
 * @param openStop    the stop that was open, or null
 * @param faultCode   the last fault code reading
 */
record LineSnapshot(String line, Instant savedAt, String goodTag, String rejectTag, long goodBase, long rejectBase, OeeWindow.State shift,
                    OeeWindow.State order, long orderGood, long orderReject, DowntimeEvent openStop, int faultCode) {
}
