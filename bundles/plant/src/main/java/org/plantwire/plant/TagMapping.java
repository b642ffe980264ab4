package org.plantwire.plant;

import java.util.Objects;

import org.plantwire.api.DataType;
import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagPath;

/**
 * One line of a connector's tag map: which device address feeds which tag, and how.
 *
 * @param path        the full tag path (plant prefix + the path written in the file)
 * @param address     the device address: an OPC UA NodeId ({@code ns=2;s=Filler/Temperature}), a Modbus
 *                    {@code <table>:<offset>} ({@code holding:10}, {@code input:0}, {@code coil:0},
 *                    {@code discrete:2}) or an MQTT topic
 * @param type        the tag's type in the server
 * @param encoding    Modbus only: how the registers hold the value ({@code int16, uint16, int32, uint32, float32,
 *                    float64, bool}); null otherwise
 * @param wordOrder   Modbus only: {@code big} (most significant word first, the default) or {@code little}
 * @param jsonPointer MQTT only: where the value is in a JSON payload (RFC 6901, e.g. {@code /temp}); null for a
 *                    plain payload
 * @param unit        engineering unit, may be empty
 * @param scaling     raw to engineering
 * @param deadband    a new value is published only when it differs from the last published one by more than
 *                    this (numbers; 0 = every change)
 * @param writable    whether writes are accepted
 * @param min         lowest value a write may set, or null
 * @param max         highest value a write may set, or null
 * @param description free text
 * @param line        the line in the plant file, for messages
 */
public record TagMapping(TagPath path, String address, DataType type, String encoding, String wordOrder,
                         String jsonPointer, String unit, Scaling scaling, double deadband, boolean writable,
                         Double min, Double max, String description, int line) {

    public TagMapping {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        unit = unit == null ? "" : unit;
        description = description == null ? "" : description;
        scaling = scaling == null ? Scaling.NONE : scaling;
    }

    /** What the tag bus learns about the tag. */
    public TagDefinition definition() {
        return new TagDefinition(path, type, unit, writable, min, max, description);
    }

    /** Equality for reload decisions ignores the line, which moves when other parts of the file change. */
    public boolean sameAs(TagMapping o) {
        return path.equals(o.path) && address.equals(o.address) && type == o.type && Objects.equals(encoding, o.encoding)
                && Objects.equals(wordOrder, o.wordOrder) && Objects.equals(jsonPointer, o.jsonPointer)
                && unit.equals(o.unit) && scaling.equals(o.scaling) && deadband == o.deadband && writable == o.writable
                && Objects.equals(min, o.min) && Objects.equals(max, o.max) && description.equals(o.description);
    }
}
