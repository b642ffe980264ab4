package org.plantwire.simulator.internal.line;

/**
 * How often the simulated line is disturbed while it runs, and for how long.
 *
 * @param meanRunSeconds mean running time between two disturbances (an idle spell or a fault); 0 = never disturbed
 * @param faultShare     share of disturbances that are faults (the rest are idle spells: starved infeed), 0..1
 * @param faultSeconds   mean length of a fault before it clears by itself; 0 = faults wait for a reset command
 * @param idleSeconds    mean length of an idle spell (also after a cleared fault) before the line runs again
 * @param rejectRate     share of filled bottles that are rejected, 0..1
 */
public record LineBehaviour(double meanRunSeconds, double faultShare, double faultSeconds, double idleSeconds,
                            double rejectRate) {

    /** Runs, idles and faults now and then: a line worth watching on a dashboard. */
    public static final LineBehaviour DEMO = new LineBehaviour(30, 0.4, 5, 3, 0.02);

    /** Never disturbed, never rejects: for tests that need a line that does exactly what it is told. */
    public static final LineBehaviour STEADY = new LineBehaviour(0, 0, 0, 0, 0);

    public LineBehaviour {
        requireAtLeastZero("meanRunSeconds", meanRunSeconds);
        requireAtLeastZero("faultSeconds", faultSeconds);
        requireAtLeastZero("idleSeconds", idleSeconds);
        requireShare("faultShare", faultShare);
        requireShare("rejectRate", rejectRate);
    }

    private static void requireAtLeastZero(String name, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    private static void requireShare(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
    }
}
