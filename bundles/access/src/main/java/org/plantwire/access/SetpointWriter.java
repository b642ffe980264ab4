package org.plantwire.access;

import java.util.concurrent.CompletionStage;

import org.plantwire.api.TagPath;

/**
 * The one way people and services write tags: checks the actor's role against the tag (operator-writable tags need
 * {@link Role#OPERATOR}, every other writable tag {@link Role#ENGINEER}), lets the tag bus check type and limits,
 * writes through the owning connector, waits for the tag to read back the new value, and records the attempt in the
 * {@link AuditTrail} whatever its outcome.
 */
public interface SetpointWriter {

    /**
     * Writes {@code value} (converted to the tag's type) to {@code path} as {@code actor}.
     *
     * @return completes with the outcome, never exceptionally: a refusal is an outcome too
     */
    CompletionStage<WriteOutcome> write(Actor actor, TagPath path, Object value);

    /** The least role that may write {@code path} (whether the tag exists or is writable is checked on write). */
    Role roleToWrite(TagPath path);
}
