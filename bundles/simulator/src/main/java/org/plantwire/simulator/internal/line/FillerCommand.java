package org.plantwire.simulator.internal.line;

import java.util.Optional;

/** Operator commands, with the code written to {@code Filler/Command}. */
public enum FillerCommand {
    START(1),
    STOP(2),
    RESET(3);

    private final int code;

    FillerCommand(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<FillerCommand> ofCode(int code) {
        for (FillerCommand command : values()) {
            if (command.code == code) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }
}
