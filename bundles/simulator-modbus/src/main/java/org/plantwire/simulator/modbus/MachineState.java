package org.plantwire.simulator.modbus;

/** The capper/labeller's state as the PLC reports it in input register 1. */
public enum MachineState {
    STOPPED(0), IDLE(1), RUNNING(2), FAULT(3);

    private final int code;

    MachineState(int code) {
        this.code = code;
    }

    /** The value of input register {@link RegisterMap#IR_STATE}. */
    public int code() {
        return code;
    }
}
