package org.plantwire.deadletter.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire dead letters", description = "What connectors could not use, kept for the integrator")
public @interface DeadLetterConfig {

    @AttributeDefinition(description = "Dead letters kept; beyond this the oldest are forgotten (and counted in the log)")
    int capacity() default 10_000;

    @AttributeDefinition(description = "File they are kept in; relative paths are relative to Karaf's data/ folder")
    String file() default "plantwire/dead-letters.jsonl";
}
