package org.plantwire.tagbus.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the tag bus, PID {@code org.plantwire.tagbus} ({@code etc/org.plantwire.tagbus.cfg}). */
@ObjectClassDefinition(
        name = "Plantwire Tag Bus",
        description = "Current values of all tags, pattern subscriptions and write routing to the owning connector.")
public @interface TagBusConfiguration {

    @AttributeDefinition(
            name = "Queue capacity",
            description = "Events a subscription may have waiting before the oldest is dropped (and counted),"
                    + " unless the subscriber chooses its own capacity. Applies to new subscriptions.",
            min = "1")
    int queueCapacity() default TagBusSettings.DEFAULT_QUEUE_CAPACITY;

    @AttributeDefinition(
            name = "Write time-out (ms)",
            description = "How long a write waits for the owning connector's answer before it is reported as failed.",
            min = "1")
    long writeTimeoutMillis() default TagBusSettings.DEFAULT_WRITE_TIMEOUT_MILLIS;
}
