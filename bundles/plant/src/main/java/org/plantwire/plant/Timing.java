package org.plantwire.plant;

/**
 * A connector's timing.
 *
 * @param samplingMillis       OPC UA: how often the server samples each item
 * @param publishingMillis     OPC UA: how often the server sends a subscription's changes
 * @param pollMillis           Modbus: how often the registers are read
 * @param requestTimeoutMillis how long one request to the device may take
 * @param reconnectMinMillis   first wait before reconnecting after a lost connection
 * @param reconnectMaxMillis   longest wait between reconnect attempts (the wait doubles up to this)
 */
public record Timing(long samplingMillis, long publishingMillis, long pollMillis, long requestTimeoutMillis,
                     long reconnectMinMillis, long reconnectMaxMillis) {

    public static final Timing DEFAULTS = new Timing(100, 100, 1000, 5000, 500, 30_000);
}
