package org.plantwire.simulator.internal.line;

/** The filler's machine state, with the code the PLC publishes in {@code Filler/State}. */
public enum FillerState {
    STOPPED(0),
    IDLE(1),
    RUNNING(2),
    FAULT(3);

    private final int code;

    FillerState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
