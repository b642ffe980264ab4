package org.plantwire.mes;

/** A request the MES refuses; nothing was changed. {@link #kind()} says which kind of refusal it is. */
public class MesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Kinds of refusal, with the HTTP status a REST interface answers with. */
    public enum Kind {
        /** bad input: unknown product for the line, quantity ≤ 0, recipe value out of range (400) */
        INVALID(400),
        /** unknown order, product, line or downtime event (404) */
        NOT_FOUND(404),
        /** invalid transition, duplicate id, line busy, dispatch failed (409) */
        CONFLICT(409),
        /** the database cannot be reached (503) */
        UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public MesException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public MesException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
