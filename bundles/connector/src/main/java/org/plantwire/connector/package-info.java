/**
 * Shared by the protocol connectors: {@link org.plantwire.connector.TagMapper} turns raw device values into tag
 * values and back; {@link org.plantwire.connector.ConnectorRuntime} is a connector's presence in the tag bus
 * (owner of its tags, state, counters, bad quality while disconnected, writes).
 */
@Version("1.0.0")
@Export
package org.plantwire.connector;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
