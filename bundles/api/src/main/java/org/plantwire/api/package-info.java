/**
 * The Plantwire tag model and the tag bus service.
 *
 * <p>Everything that crosses a layer of the server is a tag event: a {@link org.plantwire.api.TagPath}
 * (an ISA-95 unified-namespace path) and a {@link org.plantwire.api.TagValue} (value, quality, source and
 * received time). The {@link org.plantwire.api.TagBus} holds the current value of every tag, delivers
 * changes to subscribers and routes writes to the connector that owns a tag.
 */
@Version("1.2.0")
@Export
package org.plantwire.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
