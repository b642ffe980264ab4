package org.plantwire.simulator.internal.line;

/** The faults the simulated filler can raise, with the code it publishes in {@code Filler/FaultCode}. */
public enum FillerFault {
    NONE(0),
    INFEED_JAM(101),
    CAPPER_TORQUE(102),
    FILL_VALVE(103),
    GUARD_DOOR_OPEN(104);

    private final int code;

    FillerFault(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
