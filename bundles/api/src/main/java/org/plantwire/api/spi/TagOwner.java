package org.plantwire.api.spi;

import java.util.concurrent.CompletionStage;

import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagPath;
import org.plantwire.api.WriteResult;

/**
 * A connector as the tag bus sees it: it owns a set of tags, receives the writes aimed at them and reports
 * its health. Register an implementation as an OSGi service (whiteboard) or through
 * {@link org.plantwire.api.TagBus#registerOwner}. When it goes away, its tags keep their last value as
 * {@code uncertain(last-known)}.
 *
 * <p>Implementations must be thread safe; {@link #owns} and {@link #definition} are called on the publish path
 * only when ownership is (re)computed, not for every value.
 */
public interface TagOwner {

    /** Unique connector name, e.g. {@code line1-filler-opcua}. */
    String name();

    /** Protocol, e.g. {@code opcua}, {@code modbus-tcp}, {@code mqtt}. */
    String protocol();

    /** Where it connects, for people, e.g. {@code opc.tcp://127.0.0.1:4840}. */
    String endpoint();

    /** True when this connector owns the tag. */
    boolean owns(TagPath path);

    /** The tag's definition (type, unit, writable, limits), or null when the connector gives none. */
    default TagDefinition definition(TagPath path) {
        return null;
    }

    /** Tags this connector defines up front, so they are known before their first value. */
    default Iterable<TagDefinition> definitions() {
        return java.util.List.of();
    }

    /**
     * Writes a value to the device. Completes with the device's answer; may complete exceptionally or throw,
     * which the bus reports as a failed write with the exception's message.
     */
    CompletionStage<WriteResult> write(WriteRequest request) throws Exception;

    /** Current health. Cheap: called for every {@code plant:connectors}. */
    ConnectorStatus status();
}
