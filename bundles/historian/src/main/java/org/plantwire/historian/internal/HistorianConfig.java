package org.plantwire.historian.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire historian", description = "Records every tag change into an embedded time-series store")
public @interface HistorianConfig {

    @AttributeDefinition(description = "The store's file; a relative path is relative to Karaf's data/ folder")
    String file() default "plantwire/historian/history.mv.db";

    @AttributeDefinition(description = "Disk cap of the store's file, MB: past it the oldest data of all tags is dropped")
    long maxDiskMegabytes() default 1024;

    @AttributeDefinition(description = "How often batched points are written to disk, ms: at most this much is lost on a hard kill")
    long flushMillis() default 1000;

    @AttributeDefinition(description = "How often retention and the disk cap are applied, ms")
    long maintenanceMillis() default 60_000;

    @AttributeDefinition(description = "Record tags that no plant file maps (e.g. heartbeats, values written by rules), with the default settings")
    boolean recordUnmapped() default true;

    @AttributeDefinition(description = "Retention of tags that no plant file maps, days")
    long unmappedRetentionDays() default 30;

    @AttributeDefinition(description = "Changes the historian's tag-bus subscription may queue while the store is busy")
    int queueCapacity() default 500_000;
}
