package org.plantwire.simulator.internal.line;

/** Everything the filler PLC publishes, taken at one instant of model time. */
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
        int lastCommand) {
}
