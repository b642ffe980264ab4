package org.plantwire.api;

/**
 * A message a connector could not turn into tag values: kept so an integrator can see what arrived and why it was
 * refused ({@code plant:dead-letters}).
 *
 * @param time      when it was refused (epoch ms)
 * @param connector the connector that received it
 * @param source    where it came from: an MQTT topic, a device address
 * @param reason    why it was refused, e.g. {@code malformed JSON at line 1 column 7}
 * @param payload   the payload as text, cut to {@value #MAX_PAYLOAD} characters
 */
public record DeadLetter(long time, String connector, String source, String reason, String payload) {

    public static final int MAX_PAYLOAD = 2048;

    public DeadLetter {
        payload = payload == null ? "" : payload.length() > MAX_PAYLOAD ? payload.substring(0, MAX_PAYLOAD) + "..." : payload;
        reason = reason == null ? "" : reason;
    }
}
