/**
 * Durable store-and-forward queues: what leaves the server waits on disk until its publisher has delivered it.
 * The buffer bundle keeps one {@link org.plantwire.buffer.Buffer} per publisher of the plant files, fed from the tag
 * bus by the buffer bundle itself (so changes are kept while the publisher's bundle is stopped or upgraded); a
 * publisher takes entries from the head and acknowledges them once its peer has them. {@link
 * org.plantwire.buffer.Buffers} is the OSGi service that finds them.
 */
@Version("1.0.0")
@Export
package org.plantwire.buffer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
