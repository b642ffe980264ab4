package org.plantwire.routes.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import org.plantwire.api.Quality;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The unified namespace payload of one tag value:
 * <pre>{"value":23.5,"quality":"good","sourceTime":"2026-11-28T08:00:00.123Z","unit":"degC"}</pre>
 * {@code value} is a JSON number, boolean, string or null (a tag that never had a value); {@code quality} is
 * {@code good}, {@code uncertain(<reason>)} or {@code bad(<reason>)}; {@code unit} is left out when the tag has none.
 */
public final class UnsPayload {

    private static final JsonFactory JSON = new JsonFactory();

    private UnsPayload() {
    }

    public static byte[] encode(Object value, Quality quality, long sourceTime, String unit) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeFieldName("value");
            if (value == null) {
                g.writeNull();
            } else if (value instanceof Boolean) {
                g.writeBoolean((Boolean) value);
            } else if (value instanceof Long || value instanceof Integer) {
                g.writeNumber(((Number) value).longValue());
            } else if (value instanceof Number) {
                g.writeNumber(((Number) value).doubleValue());
            } else {
                g.writeString(value.toString());
            }
            g.writeStringField("quality", quality.label());
            g.writeStringField("sourceTime", Instant.ofEpochMilli(sourceTime).toString());
            if (unit != null && !unit.isEmpty()) {
                g.writeStringField("unit", unit);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
