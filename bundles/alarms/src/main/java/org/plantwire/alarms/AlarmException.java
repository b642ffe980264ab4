package org.plantwire.alarms;

/** An alarm action refused: unknown alarm, nothing to acknowledge, bad duration, role too low. */
public class AlarmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why, as an HTTP-like status: 404 unknown, 409 not possible in its state, 400 bad input, 403 not allowed. */
    private final int status;

    public AlarmException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
