package org.plantwire.camel.tag.internal;

import org.apache.camel.Component;
import org.apache.camel.support.DefaultEndpoint;

/** Endpoint options that describe the connector behind it, as {@code plant:connectors} shows it. */
abstract class ConnectorEndpoint extends DefaultEndpoint {

    private String protocol;
    private String device;

    ConnectorEndpoint(String uri, Component component) {
        super(uri, component);
    }

    /** Protocol of the connector, e.g. {@code opcua}; shown in plant:connectors. */
    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    /** Where the connector's device is, e.g. {@code opc.tcp://127.0.0.1:4840}; shown in plant:connectors. */
    public String getDevice() {
        return device;
    }

    public void setDevice(String device) {
        this.device = device;
    }
}
