package org.plantwire.simulator.modbus.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plantwire Modbus simulator",
        description = "The simulated packaging line's legacy capper/labeller PLC as a Modbus TCP server")
public @interface ModbusSimulatorConfig {

    @AttributeDefinition(description = "Run the server; false stops it (and drops its clients)")
    boolean enabled() default true;

    @AttributeDefinition(description = "Address to listen on; keep 127.0.0.1 unless other machines must reach it")
    String bindAddress() default "127.0.0.1";

    @AttributeDefinition(description = "TCP port (502 is the Modbus port, but below 1024 needs privileges)")
    int port() default 5020;

    @AttributeDefinition(description = "Modbus unit id the PLC answers to; other unit ids get exception 11")
    int unitId() default 1;

    @AttributeDefinition(description = "Milliseconds between machine updates")
    long tickMillis() default 100;

    @AttributeDefinition(description = "Register order of 32/64-bit values: ABCD (big-endian words), CDAB, BADC or DCBA")
    String wordOrder() default "ABCD";
}
