/**
 * What a connector implements to take part in the tag bus: it registers a
 * {@link org.plantwire.api.spi.TagOwner} (as an OSGi service, whiteboard style, or through
 * {@link org.plantwire.api.TagBus#registerOwner}) and receives the write requests for the tags it owns.
 */
@Version("1.2.0")
@Export
package org.plantwire.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
