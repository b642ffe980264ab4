package org.plantwire.historian;

/**
 * Where the historian stands, for {@code scada:historian} and monitoring.
 *
 * @param file               the store's file
 * @param open               false when the store could not be opened (then {@code error} says why)
 * @param tags               tags with recorded history
 * @param points             points held (recorded minus dropped)
 * @param dataBytes          bytes of the recorded data (the chunks as encoded, before the file's page compression)
 * @param fileBytes          the store file's size on disk: the data compressed, plus space the store frees and reuses
 * @param maxBytes           the disk cap on the data: past it the oldest data is dropped
 * @param oldest             the oldest point held, epoch ms; 0 when empty
 * @param newest             the newest point held, epoch ms; 0 when empty
 * @param recorded           points recorded since the store was created
 * @param filtered           values the compression (deadband, swinging door) left out since the bundle started
 * @param late               points that arrived older than their tag's newest and were inserted in order
 * @param droppedByRetention points dropped because they were older than their tag's retention
 * @param droppedByCap       points dropped (oldest first) to keep the file under the disk cap
 * @param busDropped         changes the tag bus dropped before the historian could take them (its queue was full)
 * @param error              why the store is not open or the last write failed; null when all is well
 */
public record HistorianStatus(String file, boolean open, int tags, long points, long dataBytes, long fileBytes, long maxBytes,
                              long oldest, long newest, long recorded, long filtered, long late,
                              long droppedByRetention, long droppedByCap, long busDropped, String error) {

    /** Bytes on disk per point held; 0 when empty. */
    public double bytesPerPoint() {
        return points == 0 ? 0 : (double) fileBytes / points;
    }
}
