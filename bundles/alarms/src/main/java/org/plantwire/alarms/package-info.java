/**
 * Alarms on tags, after ISA-18.2: {@link org.plantwire.alarms.AlarmDefinition}s say when a tag is in alarm;
 * {@link org.plantwire.alarms.AlarmService} keeps each alarm's {@link org.plantwire.alarms.AlarmState}, lets operators
 * acknowledge and shelve, and journals every {@link org.plantwire.alarms.AlarmEvent}.
 */
@Version("1.0.0")
@Export
package org.plantwire.alarms;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
