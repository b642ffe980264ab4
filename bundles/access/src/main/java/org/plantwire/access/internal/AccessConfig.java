package org.plantwire.access.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire access", description = "Which tags operators may write; read-back of writes")
public @interface AccessConfig {

    @AttributeDefinition(description = "Tag patterns (MQTT-style wildcards + and #) operators may write; every other"
            + " writable tag needs the engineer role. None by default.")
    String[] operatorWritable() default {};

    @AttributeDefinition(description = "How long a write waits for the tag to read back the new value, in ms")
    long readBackMillis() default 3000;
}
