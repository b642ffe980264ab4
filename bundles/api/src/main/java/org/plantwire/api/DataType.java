package org.plantwire.api;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The type of a tag as the rest of the server sees it, whatever the device's encoding
 * (an int16 register and an OPC UA Int32 are both {@link #INTEGER}).
 */
public enum DataType {
    BOOLEAN(Boolean.class),
    /** 64-bit signed integer ({@link Long}). */
    INTEGER(Long.class),
    /** 64-bit floating point ({@link Double}). */
    FLOAT(Double.class),
    STRING(String.class);

    private final Class<?> javaType;

    DataType(Class<?> javaType) {
        this.javaType = javaType;
    }

    public Class<?> javaType() {
        return javaType;
    }

    /** The type of a value as published, or null when it is none of the four. */
    public static DataType of(Object value) {
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return INTEGER;
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return FLOAT;
        }
        if (value instanceof String) {
            return STRING;
        }
        return null;
    }

    /** Parses a type name, case-insensitively; accepts a few common aliases (int, double, bool, ...). */
    public static DataType parse(String name) {
        switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "boolean": case "bool":
                return BOOLEAN;
            case "integer": case "int": case "long":
                return INTEGER;
            case "float": case "double": case "real":
                return FLOAT;
            case "string": case "text":
                return STRING;
            default:
                throw new IllegalArgumentException("Unknown data type '" + name + "'; use boolean, integer, float or string");
        }
    }

    /**
     * Converts a value (typically text from the shell or a JSON field) to this type.
     *
     * @throws IllegalArgumentException saying why the value does not fit, e.g. {@code 'abc' is not a float}
     */
    public Object convert(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("a value is required");
        }
        switch (this) {
            case BOOLEAN:
                return toBoolean(value);
            case INTEGER:
                return toLong(value);
            case FLOAT:
                return toDouble(value);
            default:
                return value.toString();
        }
    }

    private static Boolean toBoolean(Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            if (d == 0 || d == 1) {
                return d == 1;
            }
            throw new IllegalArgumentException(value + " is not a boolean (use true/false or 1/0)");
        }
        switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "on": case "yes":
                return Boolean.TRUE;
            case "false": case "0": case "off": case "no":
                return Boolean.FALSE;
            default:
                throw new IllegalArgumentException("'" + value + "' is not a boolean (use true/false, on/off or 1/0)");
        }
    }

    private static Long toLong(Object value) {
        if (value instanceof Long) {
            return (Long) value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Boolean) {
            return ((Boolean) value) ? 1L : 0L;
        }
        BigDecimal d;
        try {
            d = value instanceof Number ? new BigDecimal(value.toString()) : new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not an integer");
        }
        try {
            return d.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + value + "' is not an integer"
                    + (d.scale() > 0 ? " (it has a fractional part)" : " (it is out of the 64-bit range)"));
        }
    }

    private static Double toDouble(Object value) {
        if (value instanceof Double) {
            return (Double) value;
        }
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Boolean) {
            throw new IllegalArgumentException(value + " is a boolean, not a float");
        }
        String s = value.toString().trim();
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a float");
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("'" + value + "' is not a finite number");
        }
        return d;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
