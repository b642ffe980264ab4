package org.plantwire.buffer;

import java.util.List;
import java.util.Optional;

/** The durable queues of the server, one per publisher, by publisher name. An OSGi service. */
public interface Buffers {

    /** The open buffer of a publisher; empty while it is not open (not configured yet, or its file failed to open). */
    Optional<Buffer> buffer(String name);

    /** Every configured buffer, open or not, sorted by name. */
    List<BufferStatus> status();
}
