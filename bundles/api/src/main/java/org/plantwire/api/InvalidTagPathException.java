package org.plantwire.api;

/** A tag path or pattern that does not follow the unified-namespace rules; the message says why. */
public class InvalidTagPathException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidTagPathException(String message) {
        super(message);
    }
}
