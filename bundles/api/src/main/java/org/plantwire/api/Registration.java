package org.plantwire.api;

/** Undoes a registration (e.g. of a tag owner). Idempotent. */
@FunctionalInterface
public interface Registration extends AutoCloseable {
    @Override
    void close();
}
