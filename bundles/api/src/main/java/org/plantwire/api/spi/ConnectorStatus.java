package org.plantwire.api.spi;

/**
 * A connector's own report of its health.
 *
 * @param state         where it is
 * @param messages      messages received from or sent to its device since it started
 * @param errors        errors since it started
 * @param lastError     the last error's message, or null
 * @param lastErrorTime when it happened (epoch ms), or 0
 */
public record ConnectorStatus(ConnectorState state, long messages, long errors, String lastError, long lastErrorTime) {

    public static ConnectorStatus of(ConnectorState state) {
        return new ConnectorStatus(state, 0, 0, null, 0);
    }
}
