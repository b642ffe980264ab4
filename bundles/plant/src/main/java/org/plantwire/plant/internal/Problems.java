package org.plantwire.plant.internal;

import java.util.ArrayList;
import java.util.List;

/** The problems found in one plant file, each as {@code <file>:<line>: <key>: <reason>}. */
final class Problems {

    /** Past this many, the rest are only counted: the first ones are what an integrator fixes first. */
    private static final int MAX_LISTED = 50;

    private final String file;
    private final List<String> messages = new ArrayList<>();
    private int count;

    Problems(String file) {
        this.file = file;
    }

    void add(int line, String key, String reason) {
        count++;
        if (messages.size() < MAX_LISTED) {
            messages.add(file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + reason);
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    List<String> list() {
        List<String> result = new ArrayList<>(messages);
        if (count > messages.size()) {
            result.add(file + ": ... and " + (count - messages.size()) + " more problems");
        }
        return result;
    }
}
