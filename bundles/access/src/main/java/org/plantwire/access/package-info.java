/**
 * Who may write which tag, and the record of every attempt: {@link org.plantwire.access.SetpointWriter} checks an
 * {@link org.plantwire.access.Actor}'s {@link org.plantwire.access.Role} against the tag, writes through the tag bus,
 * verifies by read-back and records the outcome in the {@link org.plantwire.access.AuditTrail}, refusals too. The
 * shell, the REST API, the HMI and the MES write through it.
 */
@Version("1.1.0")
@Export
package org.plantwire.access;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
