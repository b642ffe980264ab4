package org.plantwire.api.spi;

import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;

/**
 * A write the bus hands to the owning connector. The value is already converted to the tag's type and checked
 * against its limits.
 *
 * @param path    the tag
 * @param value   the value to write
 * @param current the tag's value before the write, or null
 * @param source  who asked, e.g. {@code shell:karaf}, {@code mes}
 */
public record WriteRequest(TagPath path, Object value, TagValue current, String source) {
}
