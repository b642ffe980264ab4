package org.plantwire.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.plantwire.api.spi.TagOwner;

/**
 * The server's single source of truth for tag values: it keeps the current value of every tag, delivers
 * changes to subscribers by path pattern and routes writes to the connector that owns a tag.
 * Available as an OSGi service.
 */
public interface TagBus {

    /**
     * Publishes a new value. The hot path of the server: it does not block, it does not throw because of a
     * subscriber, and it costs no allocation beyond the value itself.
     */
    void publish(TagPath path, TagValue value);

    /** Publishes a good value measured now. */
    default void publish(TagPath path, Object value) {
        publish(path, TagValue.good(value));
    }

    /** The current value, or empty when the tag has none (unknown, or defined but never published). */
    Optional<TagValue> read(TagPath path);

    /** A snapshot of one tag: value, owner, definition; empty when the bus does not know the tag. */
    Optional<TagInfo> info(TagPath path);

    /** Snapshots of every known tag matching the pattern, sorted by path. */
    List<TagInfo> tags(TagPattern pattern);

    /**
     * Subscribes to the tags matching the pattern with the default queue capacity.
     * The listener first receives the current value of every matching tag, then each change.
     */
    Subscription subscribe(TagPattern pattern, TagListener listener);

    /**
     * Subscribes with a name (for diagnostics), a queue capacity (0 or less: the bus's configured default), and
     * whether to receive the current values first.
     */
    Subscription subscribe(TagPattern pattern, TagListener listener, String name, int queueCapacity, boolean initialValues);

    /** Live subscriptions, for diagnostics. */
    List<Subscription> subscriptions();

    /**
     * Writes a value to a tag through its owning connector.
     *
     * @param source who asks, for logs and audit (e.g. {@code shell:karaf})
     * @return completes with the connector's result; a connector that fails, throws or does not answer
     *         within the bus's write time-out gives a result with {@code success == false}
     * @throws UnknownTagException     when the bus does not know the tag
     * @throws TagNotWritableException when no connector owns it or its owner declares it read-only
     * @throws TagValueException       when the value does not convert to the tag's type or breaks its limits
     */
    CompletionStage<WriteResult> write(TagPath path, Object value, String source);

    /**
     * Registers a connector as owner of the tags it claims. Connectors registered as OSGi {@link TagOwner}
     * services are registered the same way (whiteboard). When the registration is closed, the owner's tags
     * keep their last value with quality {@code uncertain(last-known)}.
     *
     * @throws IllegalArgumentException when an owner of the same name is registered already
     */
    Registration registerOwner(TagOwner owner);

    /**
     * Makes a connector the owner of the tags of the live connector with the same name, in one step: it takes that
     * connector's place (and precedence), the tags keep their values and quality, and writes go to the new owner from
     * the next one on. The displaced registration owns nothing any more; closing it changes nothing. This is how a
     * new version of a connector takes over from the old one without its tags flickering to uncertain. With no live
     * connector of that name it is {@link #registerOwner}.
     */
    Registration replaceOwner(TagOwner owner);

    /** Registered connectors with their status and tag counts, sorted by name. */
    List<ConnectorSummary> connectors();
}
