package org.plantwire.routes.heartbeat;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire heartbeat", description = "A counter tag per plant that proves the server is alive")
public @interface HeartbeatConfig {

    @AttributeDefinition(description = "The plant's path prefix: enterprise/site, e.g. acme/woodlands")
    String plant();

    @AttributeDefinition(description = "Milliseconds between beats")
    long periodMillis() default 1000;
}
