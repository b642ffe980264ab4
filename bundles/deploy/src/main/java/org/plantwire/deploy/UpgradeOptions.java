package org.plantwire.deploy;

/**
 * How an upgrade goes.
 *
 * @param dryRun             only say what would be installed, wired, refreshed and handed over
 * @param force              go on although removing the old bundle refreshes other bundles (or the symbolic names
 *                           differ)
 * @param readyTimeoutMillis how long the new version may take to be ready; 0 or less: the configured default
 * @param probationMillis    how long the new version is watched after the switch-over; negative: the configured default
 * @param whileAway          the device is away: when the running version is not connected either, the new version
 *                           takes over without being ready (nothing flows that could be lost) and connects when the
 *                           device returns
 */
public record UpgradeOptions(boolean dryRun, boolean force, long readyTimeoutMillis, long probationMillis,
                             boolean whileAway) {

    /** Not {@code whileAway}: the new version must be ready before it takes over. */
    public UpgradeOptions(boolean dryRun, boolean force, long readyTimeoutMillis, long probationMillis) {
        this(dryRun, force, readyTimeoutMillis, probationMillis, false);
    }

    /** The configured time-outs, no dry run, not forced. */
    public static UpgradeOptions defaults() {
        return new UpgradeOptions(false, false, 0, -1);
    }
}
