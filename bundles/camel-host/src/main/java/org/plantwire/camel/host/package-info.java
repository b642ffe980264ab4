/**
 * For bundles that turn configuration into routes: {@link org.plantwire.camel.host.RoutesPerConfig} registers one
 * {@code RoutesBuilder} service per configuration object, which the route host runs in a CamelContext of its own.
 */
@Version("1.0.0")
@Export
package org.plantwire.camel.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
