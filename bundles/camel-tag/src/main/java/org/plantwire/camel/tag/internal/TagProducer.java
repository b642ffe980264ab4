package org.plantwire.camel.tag.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.plantwire.api.Quality;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.TagValueException;
import org.plantwire.camel.tag.TagHeaders;

/**
 * Publishes the body to the endpoint's tag. The body is the value (boolean, number or text; a
 * {@link TagValue} is published as it is); headers {@link TagHeaders#QUALITY} and {@link TagHeaders#SOURCE_TIME}
 * are optional. A body that is no value fails the exchange with a message naming the tag.
 */
final class TagProducer extends DefaultProducer {

    private final TagPath path;
    private final TagBus bus;
    private final CamelConnector connector;

    TagProducer(TagEndpoint endpoint, TagPath path) {
        super(endpoint);
        this.path = path;
        this.bus = endpoint.getComponent().bus();
        this.connector = endpoint.boundConnector();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (connector != null) {
            connector.endpointStarted();
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (connector != null) {
            connector.endpointStopped();
        }
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) {
        try {
            TagValue value = toTagValue(exchange.getMessage());
            if (connector != null) {
                connector.publish(path, value); // kept while this version of the route bundle stands by
                connector.countMessage();
            } else {
                bus.publish(path, value);
            }
        } catch (RuntimeException e) {
            if (connector != null) {
                connector.countError(e.getMessage());
            }
            throw e;
        }
    }

    private TagValue toTagValue(Message message) {
        Object body = message.getBody();
        if (body instanceof TagValue) {
            return (TagValue) body;
        }
        long now = System.currentTimeMillis();
        Quality quality = quality(message.getHeader(TagHeaders.QUALITY));
        long sourceTime = sourceTime(message.getHeader(TagHeaders.SOURCE_TIME), now);
        Object value = normalise(body, message);
        if (value == null && quality.isGood()) {
            throw new TagValueException(path, "No value to publish to tag " + path + ": the message body is empty");
        }
        return new TagValue(value, quality, sourceTime, now);
    }

    /** Booleans, longs, doubles and text, the types the rest of the server handles. */
    private Object normalise(Object body, Message message) {
        if (body == null || body instanceof Boolean || body instanceof Long || body instanceof Double || body instanceof String) {
            return body;
        }
        if (body instanceof Integer || body instanceof Short || body instanceof Byte) {
            return ((Number) body).longValue();
        }
        if (body instanceof Float || body instanceof BigDecimal) {
            return ((Number) body).doubleValue();
        }
        if (body instanceof byte[] || body instanceof CharSequence) {
            return message.getBody(String.class);
        }
        throw new TagValueException(path, "Cannot publish a " + body.getClass().getName() + " to tag " + path
                + ": the body must be a boolean, a number or text");
    }

    private Quality quality(Object header) {
        if (header == null) {
            return Quality.GOOD;
        }
        if (header instanceof Quality) {
            return (Quality) header;
        }
        try {
            return Quality.parse(header.toString());
        } catch (IllegalArgumentException e) {
            throw new TagValueException(path, "Header " + TagHeaders.QUALITY + " for tag " + path + ": " + e.getMessage());
        }
    }

    private long sourceTime(Object header, long now) {
        if (header == null) {
            return now;
        }
        if (header instanceof Number) {
            return ((Number) header).longValue();
        }
        if (header instanceof Instant) {
            return ((Instant) header).toEpochMilli();
        }
        if (header instanceof Date) {
            return ((Date) header).getTime();
        }
        if (header instanceof OffsetDateTime) {
            return ((OffsetDateTime) header).toInstant().toEpochMilli();
        }
        String text = header.toString().trim();
        try {
            return text.chars().allMatch(Character::isDigit) ? Long.parseLong(text) : Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new TagValueException(path, "Header " + TagHeaders.SOURCE_TIME + " for tag " + path + ": '" + text
                    + "' is neither epoch milliseconds nor an ISO-8601 instant");
        }
    }
}
