package org.plantwire.api;

import java.util.Objects;

/** A tag changed: its path and its new value. */
public record TagEvent(TagPath path, TagValue value) {
    public TagEvent {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
    }
}
