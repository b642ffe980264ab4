package org.plantwire.api;

/**
 * A snapshot of one tag in the bus, for listings and diagnostics.
 *
 * @param path        the tag
 * @param value       its current value, or null when it has none yet (defined by its owner, never published)
 * @param owner       the name of the connector that owns it, or null
 * @param definition  its definition from the owner, or null when the owner gives none
 * @param updates     how many values were published to it since the bus started
 */
public record TagInfo(TagPath path, TagValue value, String owner, TagDefinition definition, long updates) {

    /** The tag's type: from the definition, else from the current value, else null. */
    public DataType type() {
        if (definition != null) {
            return definition.type();
        }
        return value == null ? null : DataType.of(value.value());
    }
}
