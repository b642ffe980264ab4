package org.plantwire.api;

import org.plantwire.api.spi.ConnectorStatus;

/**
 * One connector as the bus sees it, for {@code plant:connectors}.
 *
 * @param name     unique connector name
 * @param protocol e.g. {@code opcua}, {@code modbus-tcp}, {@code mqtt}, {@code camel}
 * @param endpoint where it connects, e.g. {@code opc.tcp://127.0.0.1:4840}
 * @param status   its own report: state, message and error counts, last error
 * @param tags     how many tags in the bus it owns now
 */
public record ConnectorSummary(String name, String protocol, String endpoint, ConnectorStatus status, int tags) {
}
