/**
 * The historian: every change of every tag recorded (per the plant files' {@code history:} settings) and read back.
 * {@link org.plantwire.historian.Historian} is the OSGi service; its queries are what a trend chart, a REST API, a
 * report or an alarm engine needs: raw points over a range, aggregates per interval, the value at a time. Times are
 * source times in milliseconds since the epoch; ranges are half-open, {@code [from, to)}.
 */
@Version("1.0.0")
@Export
package org.plantwire.historian;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
