package org.plantwire.routes.mqtt;

import java.nio.file.Path;

import org.plantwire.api.TagBus;
import org.plantwire.buffer.Buffers;
import org.plantwire.buffer.internal.BufferService;
import org.plantwire.plant.PublisherConfig;

/**
 * Starts a unified namespace publisher as Karaf runs it (the buffer bundle's feeding into a durable buffer, the
 * package-private {@link UnsForwarder} sending it) for the benchmarks. It lives in the route's package but in the
 * benchmarks jar, which only ever runs on a plain class path (never in Karaf), so the route bundle keeps its package
 * private.
 */
public final class UnsPublisherForBenchmarks {

    private UnsPublisherForBenchmarks() {
    }

    /** Feeds the publisher's buffer (a file in {@code bufferDir}) from the bus and forwards it; close to stop both. */
    public static AutoCloseable start(PublisherConfig config, TagBus bus, Path bufferDir) throws Exception {
        BufferService buffers = new BufferService(bufferDir, 100, bus);
        buffers.add(config);
        AutoCloseable forwarder = forwarder(config, buffers, bus);
        return () -> {
            forwarder.close();
            buffers.close();
        };
    }

    /** The forwarding half alone, started, for a buffer the caller filled; close to stop it. */
    public static AutoCloseable forwarder(PublisherConfig config, Buffers buffers, TagBus bus) throws Exception {
        UnsForwarder forwarder = new UnsForwarder(config, buffers, bus, null, 0);
        forwarder.start();
        return forwarder;
    }
}
