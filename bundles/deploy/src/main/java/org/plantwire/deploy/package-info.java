/**
 * Connector bundles on a running server: {@link org.plantwire.deploy.ConnectorDeployer} deploys, upgrades
 * (make-before-break, through the {@link org.plantwire.api.spi.SwitchBoard}), rolls back and removes them, and keeps
 * a history of every attempt. The {@code plant:deploy}, {@code plant:upgrade}, {@code plant:rollback},
 * {@code plant:history} and {@code plant:undeploy} commands use it.
 */
@Version("1.1.0")
@Export
package org.plantwire.deploy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
