package org.plantwire.buffer;

import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;

/**
 * One tag change kept in a buffer.
 *
 * @param sequence   its place in the buffer: increasing, never reused by the same buffer file
 * @param appendedAt when it was appended, epoch ms (ages and expiry count from here)
 * @param path       the tag
 * @param value      the tag's new value
 */
public record BufferedEntry(long sequence, long appendedAt, TagPath path, TagValue value) {
}
