package org.plantwire.connector;

import java.math.BigInteger;

import org.plantwire.api.DataType;
import org.plantwire.api.Quality;
import org.plantwire.plant.Scaling;
import org.plantwire.plant.TagMapping;

/**
 * One tag of a connector's tag map at run time: converts raw device values to the tag's engineering value
 * (scaling, type) and back for writes, and applies the deadband. Not thread safe for {@link #shouldPublish}: a
 * connector feeds one tag from one thread at a time.
 */
public final class TagMapper {

    private final TagMapping mapping;
    private final Scaling scaling;
    private Object lastPublished;
    private Quality lastQuality;

    public TagMapper(TagMapping mapping) {
        this.mapping = mapping;
        this.scaling = mapping.scaling();
    }

    public TagMapping mapping() {
        return mapping;
    }

    /**
     * The engineering value for a raw device value.
     *
     * @throws IllegalArgumentException saying why the raw value does not fit the tag
     */
    public Object toEngineering(Object raw) {
        if (raw == null) {
            throw new IllegalArgumentException("the device sent no value");
        }
        Object value = raw;
        if (!scaling.isIdentity()) {
            value = scaling.toEngineering(number(raw));
        }
        DataType type = mapping.type();
        try {
            if (type == DataType.STRING && !(value instanceof String)) {
                return value.toString();
            }
            return type.convert(value instanceof BigInteger ? ((BigInteger) value).longValueExact() : value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("raw value " + raw + " does not fit tag type " + type + ": " + e.getMessage());
        }
    }

    /** The raw value to send to the device for an engineering value (already of the tag's type and within limits). */
    public Object toRaw(Object engineering) {
        if (scaling.isIdentity() || !(engineering instanceof Number)) {
            return engineering;
        }
        return scaling.toRaw(((Number) engineering).doubleValue());
    }

    /**
     * True when the value should be published: it is the first, its quality changed, or (numbers) it differs from
     * the last published value by more than the deadband. Remembers it when true.
     */
    public boolean shouldPublish(Object value, Quality quality) {
        boolean publish;
        if (lastQuality != quality || lastPublished == null || value == null) {
            publish = true;
        } else if (mapping.deadband() > 0 && value instanceof Number && lastPublished instanceof Number) {
            publish = Math.abs(((Number) value).doubleValue() - ((Number) lastPublished).doubleValue()) > mapping.deadband();
        } else {
            publish = !value.equals(lastPublished);
        }
        if (publish) {
            lastPublished = value;
            lastQuality = quality;
        }
        return publish;
    }

    /** Forget the last published value, so the next value is published whatever it is (after a reconnect). */
    public void reset() {
        lastPublished = null;
        lastQuality = null;
    }

    private double number(Object raw) {
        if (raw instanceof Number) {
            return ((Number) raw).doubleValue();
        }
        if (raw instanceof Boolean) {
            return ((Boolean) raw) ? 1 : 0;
        }
        try {
            return Double.parseDouble(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("raw value '" + raw + "' is not a number, so it cannot be scaled");
        }
    }
}
