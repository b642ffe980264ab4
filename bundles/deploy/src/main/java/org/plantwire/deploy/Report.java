package org.plantwire.deploy;

import java.util.List;

/**
 * What a deployment command did, for people.
 *
 * @param success true when it did what was asked (a dry run: when the upgrade would be allowed)
 * @param summary one line
 * @param details the steps, one line each, in order
 */
public record Report(boolean success, String summary, List<String> details) {

    public Report {
        details = List.copyOf(details);
    }
}
