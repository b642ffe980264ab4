package org.plantwire.buffer;

import java.util.List;

import org.plantwire.plant.BufferConfig;

/**
 * A buffer as {@code plant:buffers} shows it. Counters are totals over the life of the buffer file.
 *
 * @param name             the publisher's name
 * @param file             its file
 * @param limits           its bounds and drop policy
 * @param open             false when the file could not be opened ({@code error} says why)
 * @param entries          entries waiting
 * @param bytes            their encoded size
 * @param fileBytes        the file's size on disk
 * @param oldestAppendedAt when the oldest waiting entry was appended, epoch ms; 0 when empty
 * @param appended         entries appended
 * @param forwarded        entries acknowledged by a forwarder
 * @param dropped          entries dropped because the buffer was full
 * @param expired          entries dropped because they were older than the maximum age
 * @param forwarders       the attached forwarders, active first
 * @param error            why the buffer is not open, or null
 */
public record BufferStatus(String name, String file, BufferConfig limits, boolean open, long entries, long bytes,
                           long fileBytes, long oldestAppendedAt, long appended, long forwarded, long dropped,
                           long expired, List<Forwarder> forwarders, String error) {

    /**
     * A forwarder as seen at the time of the status.
     *
     * @param bundleId      its bundle
     * @param active        forwarding (else standing by)
     * @param connected     connected to its peer
     * @param lastError     its last problem, or null
     * @param lastErrorTime when, epoch ms; 0 when none
     */
    public record Forwarder(long bundleId, boolean active, boolean connected, String lastError, long lastErrorTime) {
    }
}
