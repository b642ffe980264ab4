package org.plantwire.buffer;

/** The buffer was closed (reconfigured, removed, or its bundle stopped); look it up again. */
public final class BufferClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public BufferClosedException(String name) {
        super("Buffer '" + name + "' is closed");
    }
}
