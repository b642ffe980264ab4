package org.plantwire.buffer;

import java.util.List;

import org.plantwire.api.Registration;

/**
 * One publisher's durable queue of tag changes, in the order they were appended. Entries stay until the publisher
 * {@linkplain #acknowledge acknowledges} them (its peer confirmed receipt), or until they expire or make room for
 * others under the buffer's bounds. Thread safe.
 *
 * <p>A buffer that is closed (its publisher was reconfigured or removed, or the buffer bundle stops) throws
 * {@link BufferClosedException} from every method; look it up again with {@link Buffers#buffer}.
 */
public interface Buffer {

    /** The publisher's name. */
    String name();

    /**
     * Up to {@code max} entries with a sequence number above {@code after}, oldest first. {@code read(0, n)} reads
     * from the head.
     */
    List<BufferedEntry> read(long after, int max);

    /**
     * Waits until there is an entry above {@code after}, at most {@code timeoutMillis}.
     *
     * @return true when there is one
     */
    boolean await(long after, long timeoutMillis) throws InterruptedException;

    /** The entry was delivered: removes it. Unknown (already removed) sequences are ignored. */
    void acknowledge(long sequence);

    /** Counters and bounds, for the shell. */
    BufferStatus status();

    /**
     * Tells the buffer who forwards it, so {@code plant:buffers} can show it; several versions of a publisher may be
     * attached at once (one active, the others standing by). Close the registration when the forwarder stops.
     */
    Registration attach(ForwarderStatus forwarder);
}
