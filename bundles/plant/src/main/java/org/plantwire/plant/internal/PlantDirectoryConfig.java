package org.plantwire.plant.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire plants",
        description = "Where the plant files are and how quickly a change is picked up")
public @interface PlantDirectoryConfig {

    @AttributeDefinition(description = "Directory of the plant files (*.yaml); relative paths are relative to Karaf's etc/")
    String directory() default "plants";

    @AttributeDefinition(description = "Milliseconds to wait after a change before reading, so an editor's save is complete")
    long settleMillis() default 300;
}
