package org.plantwire.access.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire audit trail", description = "Where the audit trail is kept")
public @interface AuditConfig {

    @AttributeDefinition(description = "The audit trail file, relative to Karaf's data directory (JSON lines, appended only)")
    String file() default "plantwire/audit.jsonl";

    @AttributeDefinition(description = "How many of the newest entries are kept in memory for queries")
    int recentCapacity() default 10_000;
}
