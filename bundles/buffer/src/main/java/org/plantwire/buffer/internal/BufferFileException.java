package org.plantwire.buffer.internal;

import java.nio.file.Path;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/** A buffer file that cannot be opened, with the reason in the integrator's words. */
final class BufferFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean corrupt;

    BufferFileException(String message, boolean corrupt, Throwable cause) {
        super(message, cause);
        this.corrupt = corrupt;
    }

    /** True when the file is damaged (rather than in use or unreadable): setting it aside is the way on. */
    boolean corrupt() {
        return corrupt;
    }

    static BufferFileException of(String name, Path file, MVStoreException e) {
        int code = e.getErrorCode();
        String prefix = "Buffer '" + name + "': " + file;
        return switch (code) {
            case DataUtils.ERROR_FILE_LOCKED -> new BufferFileException(prefix
                    + " is locked: another process, or another buffer of the same name in this server, has it open", false, e);
            case DataUtils.ERROR_FILE_CORRUPT, DataUtils.ERROR_UNSUPPORTED_FORMAT, DataUtils.ERROR_CHUNK_NOT_FOUND ->
                    new BufferFileException(prefix + " is corrupt or not a buffer file (" + e.getMessage() + ")", true, e);
            default -> new BufferFileException(prefix + " cannot be opened: " + e.getMessage(), false, e);
        };
    }
}
