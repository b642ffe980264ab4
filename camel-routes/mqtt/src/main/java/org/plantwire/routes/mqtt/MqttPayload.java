package org.plantwire.routes.mqtt;

import java.nio.charset.StandardCharsets;

import org.plantwire.connector.TagMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a tag's raw value out of an MQTT payload: the whole payload as text, or the JSON value at the tag's JSON
 * pointer. Every way a payload can fail to carry a value is a {@link Refused} with the reason an integrator reads in
 * plant:dead-letters.
 */
final class MqttPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why a payload gives no value for a tag. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final byte[] bytes;
    private JsonNode json;

    MqttPayload(byte[] bytes) {
        this.bytes = bytes == null ? new byte[0] : bytes;
    }

    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The raw value for the tag: Boolean, Long, Double or String. */
    Object rawValue(TagMapper mapper) throws Refused {
        String pointer = mapper.mapping().jsonPointer();
        if (pointer == null) {
            String text = text().trim();
            if (text.isEmpty()) {
                throw new Refused("empty payload");
            }
            return text;
        }
        JsonNode node = json().at(pointer);
        if (node.isMissingNode()) {
            throw new Refused("no value at " + pointer + " in the JSON payload");
        }
        if (node.isNull()) {
            throw new Refused("the value at " + pointer + " is null");
        }
        if (node.isContainerNode()) {
            throw new Refused("the value at " + pointer + " is a JSON " + (node.isObject() ? "object" : "array") + ", not a single value");
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /** Checks the payload is JSON when some tag needs it, so a malformed payload is refused once, not per tag. */
    void requireJson() throws Refused {
        json();
    }

    private JsonNode json() throws Refused {
        if (json == null) {
            try {
                json = JSON.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw new Refused("malformed JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                        + " column " + e.getLocation().getColumnNr());
            } catch (java.io.IOException e) {
                throw new Refused("unreadable payload: " + e.getMessage());
            }
            if (json == null || json.isMissingNode()) {
                throw new Refused("empty payload, JSON expected");
            }
        }
        return json;
    }
}
