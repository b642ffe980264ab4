package org.plantwire.camel.tag;

/** Names of the Camel message headers the tag components read and set. */
public final class TagHeaders {

    /** The tag path (String), set on every exchange a {@code tag:} or {@code tag-write:} consumer creates. */
    public static final String PATH = "PlantwireTagPath";
    /** Quality: a {@code Quality} or its label such as {@code bad(not-connected)}. Read by the producer, set by the consumer (label). */
    public static final String QUALITY = "PlantwireQuality";
    /** Source time: epoch ms (Long), {@code java.time.Instant}, {@code java.util.Date} or ISO-8601 text. Read by the producer, set by the consumer (Long). */
    public static final String SOURCE_TIME = "PlantwireSourceTime";
    /** The whole {@code TagValue}, set by the consumer, for routes that need more than the body. */
    public static final String VALUE = "PlantwireTagValue";
    /** When the server received the value (Long epoch ms), set by the consumer. */
    public static final String RECEIVED_TIME = "PlantwireReceivedTime";
    /** Who asked for a write (e.g. {@code shell:karaf}), set by the {@code tag-write:} consumer. */
    public static final String WRITE_SOURCE = "PlantwireWriteSource";
    /** Set by a write route to {@code false} to report a refused write without throwing. */
    public static final String WRITE_SUCCESS = "PlantwireWriteSuccess";
    /** Set by a write route to report the device's words (e.g. an OPC UA status) back to the caller. */
    public static final String WRITE_MESSAGE = "PlantwireWriteMessage";

    private TagHeaders() {
    }
}
