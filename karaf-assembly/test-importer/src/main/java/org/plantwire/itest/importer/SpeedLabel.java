package org.plantwire.itest.importer;

import org.plantwire.itest.exporting.api.LineUnits;

/** Uses the exporting connector's package (a class reference, so the bundle imports it). */
public final class SpeedLabel {

    private SpeedLabel() {
    }

    public static String label(double speed) {
        return speed + " " + LineUnits.class.getSimpleName() + "." + LineUnits.SPEED;
    }
}
