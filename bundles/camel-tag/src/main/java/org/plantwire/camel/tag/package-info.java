/**
 * The {@code tag:} and {@code tag-write:} Camel components. In Karaf they are found by scheme (an OSGi
 * {@code ComponentResolver} service); outside OSGi, {@link org.plantwire.camel.tag.TagComponents#addTo} adds
 * them to a CamelContext.
 */
@Version("1.0.0")
@Export
package org.plantwire.camel.tag;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
