package org.plantwire.simulator.internal.line;

/** A command the machine refuses in its current state (e.g. start while faulted); nothing was changed. */
public class CommandRefusedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public CommandRefusedException(FillerCommand command, FillerState state) {
        super(command + " is refused in state " + state);
    }
}
