/**
 * A plant as its integrator describes it in {@code etc/plants/<name>.yaml}: its place in the unified namespace,
 * its connectors with their tag maps, and its publishers. Each enabled connector and publisher is an OSGi service
 * ({@link org.plantwire.plant.ConnectorConfig}, {@link org.plantwire.plant.PublisherConfig}) with the properties
 * {@value org.plantwire.plant.ConnectorConfig#PROTOCOL_PROPERTY} and
 * {@value org.plantwire.plant.ConnectorConfig#NAME_PROPERTY}, so a protocol's connector bundle picks up exactly its
 * own; a changed connector is re-registered, an unchanged one is left alone.
 */
@Version("1.3.0")
@Export
package org.plantwire.plant;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
