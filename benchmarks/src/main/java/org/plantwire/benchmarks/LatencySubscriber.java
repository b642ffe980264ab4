package org.plantwire.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.BitSet;

import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The consumer at the end of the chain: a Paho client subscribed to {@code <root>/#}. Each tag's value is the load's
 * sequence number, so the sequence numbers seen per tag show what arrived, what arrived twice and what never did;
 * the payload's {@code sourceTime} (set by the OPC UA server when the value changed) against the arrival time gives
 * the end-to-end latency, in whole milliseconds as the payload carries them.
 *
 * <p>Everything is updated on Paho's single callback thread; readers call {@link #arrivals()} (a volatile read
 * written after each message) before reading the rest, which makes the callback's writes visible to them.
 */
final class LatencySubscriber implements MqttCallback, AutoCloseable {

    private final MqttClient client;
    private final BitSet[] seen;
    private final Histogram latencies = new Histogram(3_600_000L, 3);
    private volatile long windowFirst = Long.MAX_VALUE;
    private int tagsSeen;
    private long inWindow;
    private long duplicates;
    private long notGood;
    private long unparsed;
    private volatile long arrivals;

    LatencySubscriber(String brokerUrl, String topicRoot, int tags, int qos) throws MqttException {
        this.seen = new BitSet[tags];
        this.client = new MqttClient(brokerUrl, "plantwire-e2e-subscriber", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(65_535);
        client.setCallback(this);
        client.connect(options);
        client.subscribe(topicRoot + "/#", qos);
    }

    /** Values with a sequence number from {@code first} on are measured; no later window end is needed (see caller). */
    void measureFrom(long first) {
        windowFirst = first;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        long now = System.currentTimeMillis();
        try {
            int tag = Integer.parseInt(topic, topic.lastIndexOf("/t") + 2, topic.length(), 10);
            String json = new String(message.getPayload(), StandardCharsets.ISO_8859_1);
            String value = field(json, "\"value\":", ',');
            if (value.equals("null")) {
                arrivals++;
                return; // a tag the connector has not read yet
            }
            long sequence = (long) Double.parseDouble(value);
            BitSet s = seen[tag];
            if (s == null) {
                s = seen[tag] = new BitSet();
                tagsSeen++;
            }
            if (sequence >= 0 && sequence < Integer.MAX_VALUE) {
                if (s.get((int) sequence)) {
                    if (sequence >= windowFirst) {
                        duplicates++;
                    }
                } else {
                    s.set((int) sequence);
                    if (sequence >= windowFirst) {
                        inWindow++;
                        if (!json.contains("\"quality\":\"good\"")) {
                            notGood++;
                        }
                        long source = Instant.parse(field(json, "\"sourceTime\":\"", '"')).toEpochMilli();
                        synchronized (latencies) {
                            latencies.recordValue(Math.max(0, Math.min(3_600_000L, now - source)));
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            unparsed++;
        }
        arrivals++; // volatile write last: publishes the fields above to readers of arrivals()
    }

    private static String field(String json, String key, char end) {
        int from = json.indexOf(key);
        if (from < 0) {
            throw new IllegalArgumentException("no " + key);
        }
        from += key.length();
        int to = json.indexOf(end, from);
        return json.substring(from, to < 0 ? json.length() - 1 : to);
    }

    /** Messages received so far (a volatile read: makes the callback's writes before it visible). */
    long arrivals() {
        return arrivals;
    }

    /** Tags with at least one value so far. */
    int tagsSeen() {
        arrivals();
        return tagsSeen;
    }

    /** Distinct (tag, sequence) values from the window's first sequence on. */
    long inWindow() {
        arrivals();
        return inWindow;
    }

    long duplicates() {
        arrivals();
        return duplicates;
    }

    long notGood() {
        arrivals();
        return notGood;
    }

    long unparsed() {
        arrivals();
        return unparsed;
    }

    /** A copy of the latency histogram (milliseconds) of the window's values. */
    Histogram latencies() {
        synchronized (latencies) {
            return latencies.copy();
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        System.err.println("e2e: subscriber lost its connection: " + cause);
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // never publishes
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect(1_000);
        } finally {
            client.close(true);
        }
    }
}
