package org.plantwire.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire web", description = "Login and sessions of the REST API and the HMI")
public @interface WebConfig {

    @AttributeDefinition(description = "The Karaf JAAS realm users log in against")
    String realm() default "karaf";

    @AttributeDefinition(description = "Minutes a session lasts without a request")
    int sessionMinutes() default 30;

    @AttributeDefinition(description = "Failed logins of one user name within failureWindowSeconds that lock it")
    int maxFailures() default 5;

    @AttributeDefinition(description = "The window over which failed logins are counted, in seconds")
    int failureWindowSeconds() default 300;

    @AttributeDefinition(description = "How long a user name stays locked after maxFailures, in seconds")
    int lockoutSeconds() default 60;
}
