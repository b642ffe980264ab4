package org.plantwire.api;

import java.util.Objects;

/**
 * What the server knows of a tag besides its value: type, engineering unit, whether it may be written and
 * the range a written value must lie in. Supplied by the tag's owner (from the plant's tag map).
 *
 * @param path        the tag
 * @param type        its data type; written values are converted to it
 * @param unit        engineering unit, e.g. {@code degC}; may be empty
 * @param writable    whether writes are accepted
 * @param min         lowest value a write may set, or null for no limit (numbers only)
 * @param max         highest value a write may set, or null for no limit (numbers only)
 * @param description free text for people; may be empty
 */
public record TagDefinition(TagPath path, DataType type, String unit, boolean writable, Double min, Double max,
                            String description) {

    public TagDefinition {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        unit = unit == null ? "" : unit;
        description = description == null ? "" : description;
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("Tag " + path + ": min " + min + " is above max " + max);
        }
    }

    /** A read-only tag of the given type. */
    public static TagDefinition readOnly(TagPath path, DataType type, String unit) {
        return new TagDefinition(path, type, unit, false, null, null, "");
    }

    /** A writable tag of the given type without limits. */
    public static TagDefinition writable(TagPath path, DataType type, String unit) {
        return new TagDefinition(path, type, unit, true, null, null, "");
    }

    /** The same definition with write limits. */
    public TagDefinition withLimits(Double newMin, Double newMax) {
        return new TagDefinition(path, type, unit, writable, newMin, newMax, description);
    }

    /**
     * Converts a value for writing to this tag and checks the limits.
     *
     * @throws TagValueException when the value does not convert or lies outside the limits
     */
    public Object convertForWrite(Object value) {
        Object converted;
        try {
            converted = type.convert(value);
        } catch (IllegalArgumentException e) {
            throw new TagValueException(path, "Tag " + path + " is of type " + type + ": " + e.getMessage());
        }
        if (converted instanceof Number) {
            double d = ((Number) converted).doubleValue();
            if (min != null && d < min) {
                throw new TagValueException(path, "Tag " + path + ": " + converted + " is below the minimum " + fmt(min)
                        + (unit.isEmpty() ? "" : " " + unit));
            }
            if (max != null && d > max) {
                throw new TagValueException(path, "Tag " + path + ": " + converted + " is above the maximum " + fmt(max)
                        + (unit.isEmpty() ? "" : " " + unit));
            }
        }
        return converted;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
