package org.plantwire.simulator.internal.line;

/**
 * Everything the filler PLC publishes, taken at one instant of model time: {@code orderId} is the order it runs
 * (empty: none), {@code orderTarget} the target quantity last written, {@code orderGood} the order's good count.
 */
public record FillerSnapshot(
        long modelMillis,
        FillerState state,
        FillerFault fault,
        double temperature,
        double pressure,
        double fillLevel,
        double speed,
        long goodCount,
        long rejectCount,
        double temperatureSetpoint,
        double speedSetpoint,
        int lastCommand,
        String orderId,
        long orderTarget,
        long orderGood) {
}
