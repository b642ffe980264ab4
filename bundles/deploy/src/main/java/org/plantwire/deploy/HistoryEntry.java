package org.plantwire.deploy;

import java.util.List;

/**
 * One deployment attempt.
 *
 * @param time             when it ended (epoch ms)
 * @param action           {@code deploy}, {@code upgrade}, {@code rollback}, {@code undeploy}
 * @param connectors       the connectors concerned
 * @param symbolicName     the bundle's symbolic name
 * @param fromVersion      the version running before, or null
 * @param toVersion        the version asked for, or null
 * @param location         the URL asked for (deploy, upgrade, rollback) or removed (undeploy)
 * @param previousLocation the URL of the version running before, for a later rollback, or null
 * @param outcome          {@code deployed}, {@code upgraded}, {@code rolled back}, {@code refused}, {@code undeployed}
 * @param message          why, for people
 * @param switchMillis     the longest hand-over of one connector, or 0
 */
public record HistoryEntry(long time, String action, List<String> connectors, String symbolicName, String fromVersion,
                           String toVersion, String location, String previousLocation, String outcome, String message,
                           long switchMillis) {

    public HistoryEntry {
        connectors = connectors == null ? List.of() : List.copyOf(connectors);
    }
}
