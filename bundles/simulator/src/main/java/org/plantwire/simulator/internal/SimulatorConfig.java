package org.plantwire.simulator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire simulator",
        description = "The simulated packaging line's filler PLC, served over OPC UA (etc/org.plantwire.simulator.cfg)")
public @interface SimulatorConfig {

    @AttributeDefinition(description = "Run the simulator")
    boolean enabled() default true;

    @AttributeDefinition(description = "OPC UA TCP port")
    int opcuaPort() default 4840;

    @AttributeDefinition(description = "Address the OPC UA server listens on")
    String bindAddress() default "127.0.0.1";

    @AttributeDefinition(description = "Host name in endpoint URLs and the certificate; empty = bindAddress")
    String hostname() default "";

    @AttributeDefinition(description = "Simulation step and fastest sampling interval, ms")
    long tickMillis() default 100;

    @AttributeDefinition(description = "Endpoints offered, comma-separated: None, Basic256Sha256 (SignAndEncrypt)")
    String securityPolicies() default "None";

    @AttributeDefinition(description = "Allow anonymous sessions")
    boolean anonymous() default true;

    @AttributeDefinition(description = "User for username/password sessions; empty = none")
    String username() default "";

    @AttributeDefinition(description = "That user's password", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(description = "PKI folder (server certificate, trusted/rejected client certificates); "
            + "empty = ${karaf.data}/simulator/pki")
    String pkiDir() default "";

    @AttributeDefinition(description = "Accept any client certificate on secured endpoints (demo)")
    boolean trustAllClients() default true;

    @AttributeDefinition(description = "Start the line running (else stopped until the start command)")
    boolean autoStart() default true;

    @AttributeDefinition(description = "Mean running seconds between disturbances (idle spell or fault); 0 = never")
    double meanRunSeconds() default 30;

    @AttributeDefinition(description = "Share of disturbances that are faults, 0..1")
    double faultShare() default 0.4;

    @AttributeDefinition(description = "Mean fault length, s, before it clears by itself; 0 = until reset")
    double faultSeconds() default 5;

    @AttributeDefinition(description = "Mean idle spell, s")
    double idleSeconds() default 3;

    @AttributeDefinition(description = "Share of bottles rejected, 0..1")
    double rejectRate() default 0.02;

    @AttributeDefinition(description = "Random seed; 0 = different every start")
    long seed() default 0;
}
