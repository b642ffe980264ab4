package org.plantwire.api;

/** Base of the tag bus's errors; each message is meant to be shown to an integrator as it is. */
public class TagException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient TagPath path;

    public TagException(TagPath path, String message) {
        super(message);
        this.path = path;
    }

    public TagException(TagPath path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The tag concerned, or null. */
    public TagPath path() {
        return path;
    }
}
