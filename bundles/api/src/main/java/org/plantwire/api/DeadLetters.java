package org.plantwire.api;

import java.util.List;

/**
 * Where connectors put what they could not use, instead of dropping it silently. Bounded and kept on disk. An OSGi
 * service.
 */
public interface DeadLetters {

    /** Keeps a refused message; never throws, never blocks for long. */
    void add(DeadLetter letter);

    /** The newest {@code max} dead letters of a connector (or of all when null), oldest first. */
    List<DeadLetter> list(String connector, int max);

    /** How many are kept now (of a connector, or all when null). */
    int count(String connector);

    /** Forgets the dead letters of a connector (or all when null); returns how many. */
    int clear(String connector);
}
