package org.plantwire.routes.mqtt;

import org.apache.camel.Service;
import org.plantwire.plant.SecurityConfig;
import org.plantwire.plant.Timing;

/**
 * An MQTT client Plantwire owns and hands to camel-paho endpoints ({@code client=#name}): MQTT 3.1.1 through the
 * paho component, MQTT 5 through paho-mqtt5. See {@link MqttSession} for why Plantwire owns the clients.
 */
interface MqttClientSession extends Service {

    /** The Paho client, to bind in the registry. */
    Object client();

    boolean isConnected();

    /** Connects unless connected or already connected once (then Paho reconnects by itself). */
    boolean ensureConnected();

    String lastError();

    /**
     * Disconnects cleanly, after the messages in hand are processed and acknowledged, and keeps a persistent session
     * at the broker for whoever connects next with the same client id; {@link #ensureConnected} connects again.
     */
    void release();

    /**
     * Starts connecting for a hand-over while another instance still holds the session: the connection opens and the
     * client starts, its CONNECT waits until {@link #ensureConnected}. Nothing to do with TLS or when connected.
     */
    void prepareConnect();

    /** Waits until a prepared connect is ready to send its CONNECT; false on time-out or when none is prepared. */
    boolean awaitPrepared(long millis) throws InterruptedException;

    /** Whether starting connects at once (default true); see {@link AbstractMqttSession#connectOnStart}. */
    void connectOnStart(boolean connect);

    /**
     * True when the broker says a received message may have been seen before: a redelivery (duplicate flag) or a
     * retained message (sent again on every subscribe).
     */
    boolean isReplay(org.apache.camel.Message message);

    /** The Camel component scheme that speaks this version: {@code paho} or {@code paho-mqtt5}. */
    String scheme();

    /** The header that overrides the endpoint's topic for one message. */
    String overrideTopicHeader();

    /** A session for MQTT {@code version} 3.1.1 or 5. */
    static MqttClientSession create(String version, String brokerUrl, String clientId, boolean cleanSession, Timing timing,
                                    SecurityConfig security) throws Exception {
        return "5".equals(version) ? new Mqtt5Session(brokerUrl, clientId, cleanSession, timing, security)
                : new MqttSession(brokerUrl, clientId, cleanSession,
                        org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1, timing, security);
    }
}
