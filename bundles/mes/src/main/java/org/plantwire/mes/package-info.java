/**
 * The MES service: products, work orders and their dispatch to the line's PLC, production counts, downtime
 * events and OEE per line, order and shift. {@link org.plantwire.mes.MesService} is an OSGi service; its refusals
 * are {@link org.plantwire.mes.MesException}s that say what was wrong and change nothing.
 */
@Version("1.1.0")
@Export
package org.plantwire.mes;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
