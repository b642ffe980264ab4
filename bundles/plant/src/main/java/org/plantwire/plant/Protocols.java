package org.plantwire.plant;

import java.util.List;

/** The protocols a plant file may name. */
public final class Protocols {

    public static final String OPCUA = "opcua";
    public static final String MODBUS_TCP = "modbus-tcp";
    public static final String MQTT = "mqtt";

    /** Connector protocols, in the order the docs list them. */
    public static final List<String> CONNECTORS = List.of(OPCUA, MODBUS_TCP, MQTT);
    /** Publisher protocols. */
    public static final List<String> PUBLISHERS = List.of(MQTT);

    private Protocols() {
    }
}
