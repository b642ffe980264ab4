package org.plantwire.itest.exporting.api;

/** A constant other bundles use, which is all it takes for them to be wired to this bundle. */
public final class LineUnits {

    public static final String SPEED = "bpm";

    private LineUnits() {
    }
}
