package org.plantwire.plant;

/**
 * Linear raw to engineering conversion: {@code engineering = raw * factor + offset}. Written in a plant file as
 * {@code scale: {factor: 0.1, offset: 0}} or as two ranges {@code scale: {rawMin: 0, rawMax: 27648, min: 0, max: 100}}.
 */
public record Scaling(double factor, double offset) {

    public static final Scaling NONE = new Scaling(1, 0);

    public Scaling {
        if (factor == 0 || Double.isNaN(factor) || Double.isInfinite(factor) || Double.isNaN(offset) || Double.isInfinite(offset)) {
            throw new IllegalArgumentException("a scale needs a finite, non-zero factor and a finite offset");
        }
    }

    /** The scaling that maps [rawMin, rawMax] onto [min, max]. */
    public static Scaling ofRanges(double rawMin, double rawMax, double min, double max) {
        if (rawMin == rawMax) {
            throw new IllegalArgumentException("rawMin and rawMax must differ");
        }
        double factor = (max - min) / (rawMax - rawMin);
        return new Scaling(factor, min - rawMin * factor);
    }

    public boolean isIdentity() {
        return factor == 1 && offset == 0;
    }

    public double toEngineering(double raw) {
        return raw * factor + offset;
    }

    public double toRaw(double engineering) {
        return (engineering - offset) / factor;
    }
}
