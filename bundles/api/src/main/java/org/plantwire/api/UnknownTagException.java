package org.plantwire.api;

/** The bus has never seen the tag: it has no value, no owner that defines it. */
public class UnknownTagException extends TagException {
    private static final long serialVersionUID = 1L;

    public UnknownTagException(TagPath path) {
        super(path, "Unknown tag " + path + ": no connector publishes or defines it (see plant:tags)");
    }
}
