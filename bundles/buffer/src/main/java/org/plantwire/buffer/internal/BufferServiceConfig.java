package org.plantwire.buffer.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire buffers", description = "Durable store-and-forward queues of the publishers")
public @interface BufferServiceConfig {

    @AttributeDefinition(description = "Folder of the buffer files (<publisher>.mvstore); relative paths are relative to Karaf's data/ folder")
    String directory() default "plantwire/buffers";

    @AttributeDefinition(description = "How often appended entries are committed and forced to disk, ms: at most this much is lost on a hard kill")
    long syncMillis() default 100;
}
