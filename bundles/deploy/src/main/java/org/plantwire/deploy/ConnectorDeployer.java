package org.plantwire.deploy;

import java.util.List;

/**
 * Adds, upgrades, rolls back and removes connector bundles while the line runs. Every attempt, refused ones too, is
 * recorded in the history. Calls are serialized: one change at a time.
 */
public interface ConnectorDeployer {

    /**
     * Installs and starts a connector or route bundle (mvn:, file: or http: URL).
     * Refused, with nothing left installed, when the URL does not resolve, the jar is not a bundle, its imports do not
     * resolve or it fails to start.
     */
    Report deploy(String url);

    /**
     * Replaces the bundle that runs {@code connector} by the bundle at {@code url}, make-before-break: the new version
     * is installed beside the old one and stands by; once every connector of the old bundle has a ready standby in the
     * new one, each is handed over; after a probation time without failure the old bundle is removed. If the new
     * version does not become ready in time, or fails during the probation, the old one is given the work back and the
     * new one removed. Refused, unless forced, when removing the old bundle would refresh bundles outside it.
     */
    Report upgrade(String connector, String url, UpgradeOptions options);

    /**
     * Upgrades the bundle running {@code connector} back to the version it replaced (found in the history by the running
     * bundle's name and version, whichever connector's upgrade installed it).
     */
    Report rollback(String connector, UpgradeOptions options);

    /**
     * Stops and removes the bundle that runs {@code connector}; its tags turn bad(not-connected). Refused, unless
     * forced, when that bundle runs other connectors too or its removal would refresh other bundles.
     */
    Report undeploy(String connector, boolean force);

    /** The history, oldest first: all of it, or what concerned {@code connector} (null for all). */
    List<HistoryEntry> history(String connector);
}
