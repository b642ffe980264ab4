package org.plantwire.deploy;

/**
 * How an upgrade goes.
 *
 * @param dryRun             only say what would be installed, wired, refreshed and handed over
 * @param force              go on although removing the old bundle refreshes other bundles (or the symbolic names
 *                           differ)
 * @param readyTimeoutMillis how long the new version may take to be ready; 0 or less: the configured default
 * @param probationMillis    how long the new version is watched after the switch-over; negative: the configured default
 */
public record UpgradeOptions(boolean dryRun, boolean force, long readyTimeoutMillis, long probationMillis) {

    /** The configured time-outs, no dry run, not forced. */
    public static UpgradeOptions defaults() {
        return new UpgradeOptions(false, false, 0, -1);
    }
}
