package org.plantwire.routes.mqtt;

import java.util.ArrayDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the callback a camel-paho consumer installs on a Plantwire-owned client. With a persistent session the
 * broker sends the queued messages right after connect, before the consumer has installed its callback, and Paho
 * would acknowledge them into nowhere. So the clients acknowledge by hand (manual acks), and a message that arrives
 * before there is a consumer waits here, unacknowledged, and goes to the consumer when it comes; a message is
 * acknowledged only once the consumer has it. Paho's callback thread never blocks here.
 *
 * @param <C> the Paho callback type (MQTT 3.1.1 or 5)
 * @param <M> the Paho message type
 */
final class CallbackGate<C, M> {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackGate.class);

    /** Hands a message to the consumer's callback, then acknowledges it. */
    @FunctionalInterface
    interface Delivery<C, M> {
        void deliver(C callback, String topic, M message) throws Exception;
    }

    private record Held<M>(String topic, M message) {
    }

    private final Delivery<C, M> delivery;
    private final ArrayDeque<Held<M>> waiting = new ArrayDeque<>();
    private C callback;

    CallbackGate(Delivery<C, M> delivery) {
        this.delivery = delivery;
    }

    /** The consumer's callback (null when its consumer stops); messages that waited for it are delivered first. */
    synchronized void set(C callback) {
        this.callback = callback;
        while (callback != null && !waiting.isEmpty()) {
            Held<M> h = waiting.removeFirst();
            try {
                delivery.deliver(callback, h.topic(), h.message());
            } catch (Exception e) {
                // not acknowledged: the broker sends it again on the next connect
                LOG.warn("MQTT message on {} not taken by its consumer, left to the broker: {}", h.topic(), e.toString());
            }
        }
    }

    /** The callback, or null when no consumer has one installed. */
    synchronized C current() {
        return callback;
    }

    /** A message from the broker: to the consumer, or kept until there is one. */
    synchronized void arrived(String topic, M message) throws Exception {
        if (callback == null) {
            waiting.addLast(new Held<>(topic, message));
        } else {
            delivery.deliver(callback, topic, message);
        }
    }

    /** Forgets what waits (the client disconnected: the broker keeps those messages, unacknowledged). */
    synchronized void clear() {
        callback = null;
        waiting.clear();
    }
}
