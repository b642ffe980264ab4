package org.plantwire.api;

/** A write to a tag that no connector owns, or whose owner declares it read-only. */
public class TagNotWritableException extends TagException {
    private static final long serialVersionUID = 1L;

    public TagNotWritableException(TagPath path, String message) {
        super(path, message);
    }
}
