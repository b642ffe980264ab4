package org.plantwire.simulator.internal.line;

/** A setpoint outside the range the machine accepts; nothing was changed. */
public class SetpointOutOfRangeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public SetpointOutOfRangeException(String setpoint, double value, double min, double max) {
        super(setpoint + " setpoint " + value + " is outside [" + min + ", " + max + "]");
    }
}
