package org.plantwire.api;

/**
 * The outcome of a write as reported by the owning connector.
 *
 * @param path       the tag written
 * @param value      the value sent to the connector (after conversion to the tag's type)
 * @param success    true when the device accepted the write
 * @param message    the device's or connector's words, e.g. an OPC UA status; never null
 * @param connector  the connector that handled the write, or null when none did
 * @param durationMillis from the request until the connector answered
 */
public record WriteResult(TagPath path, Object value, boolean success, String message, String connector,
                          long durationMillis) {

    public WriteResult {
        message = message == null ? "" : message;
    }

    public static WriteResult ok(TagPath path, Object value, String message) {
        return new WriteResult(path, value, true, message, null, 0);
    }

    public static WriteResult failed(TagPath path, Object value, String message) {
        return new WriteResult(path, value, false, message, null, 0);
    }

    /** The same result attributed to a connector and timed; used by the bus. */
    public WriteResult handledBy(String connectorName, long millis) {
        return new WriteResult(path, value, success, message, connectorName, millis);
    }
}
