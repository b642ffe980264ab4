package org.plantwire.api;

/** A written value that cannot be converted to the tag's type or lies outside its limits. */
public class TagValueException extends TagException {
    private static final long serialVersionUID = 1L;

    public TagValueException(TagPath path, String message) {
        super(path, message);
    }
}
