package org.plantwire.deploy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire connector deployment", description = "Time-outs of plant:upgrade and plant:deploy")
@interface DeployConfiguration {

    @AttributeDefinition(description = "How long a new connector version may take to be ready (connected) before the upgrade is rolled back, in seconds")
    long readyTimeoutSeconds() default 30;

    @AttributeDefinition(description = "How long a new connector version is watched after the switch-over; a failure in that time gives the work back to the old version, in seconds")
    long probationSeconds() default 10;
}
