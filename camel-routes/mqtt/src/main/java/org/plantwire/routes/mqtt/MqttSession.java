package org.plantwire.routes.mqtt;

import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.plantwire.plant.SecurityConfig;
import org.plantwire.plant.Timing;

/**
 * One MQTT 3.1.1 client that Plantwire owns and hands to camel-paho endpoints ({@code client=#name}), because
 * camel-paho's own clients neither retry a first connect that fails nor close on stop (a client stopped during an
 * outage keeps reconnecting forever under the same client id and steals the session of its successor).
 */
final class MqttSession extends AbstractMqttSession {

    private final MqttClient client;
    private final MqttConnectOptions options;

    MqttSession(String brokerUrl, String clientId, boolean cleanSession, int mqttVersion, Timing timing,
                SecurityConfig security) throws MqttException {
        super(brokerUrl, security);
        this.client = new MqttClient(this.brokerUrl, clientId, new MemoryPersistence());
        this.options = options(this.brokerUrl, cleanSession, mqttVersion, timing, security);
        options.setAutomaticReconnect(true);
    }

    /** Connect options: session, timing, credentials, TLS trust; 1000 messages in flight. */
    static MqttConnectOptions options(String brokerUrl, boolean cleanSession, int mqttVersion, Timing timing,
                                      SecurityConfig security) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        options.setMaxReconnectDelay((int) Math.min(Integer.MAX_VALUE, timing.reconnectMaxMillis()));
        options.setConnectionTimeout((int) Math.max(1, timing.requestTimeoutMillis() / 1000));
        options.setKeepAliveInterval(30);
        options.setMaxInflight(1000);
        options.setMqttVersion(mqttVersion);
        if (security.username() != null) {
            options.setUserName(security.username());
        }
        if (security.password() != null) {
            options.setPassword(security.password().toCharArray());
        }
        // the broker's host name must match its certificate; the CAs are the plant file's, else the JVM's
        options.setHttpsHostnameVerificationEnabled(true);
        SSLSocketFactory tls = socketFactory(brokerUrl, security);
        if (tls != null) {
            options.setSocketFactory(tls);
        }
        return options;
    }

    @Override
    public MqttClient client() {
        return client;
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public String scheme() {
        return "paho";
    }

    @Override
    public String overrideTopicHeader() {
        return "CamelPahoOverrideTopic";
    }

    @Override
    protected void connect() throws MqttException {
        try {
            client.connect(options);
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttException.REASON_CODE_CLIENT_CONNECTED
                    && e.getReasonCode() != MqttException.REASON_CODE_CONNECT_IN_PROGRESS) {
                throw e;
            }
        }
    }

    @Override
    protected void closeClient() {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000);
            } else {
                client.disconnectForcibly(0, 0, false);
            }
        } catch (MqttException ignored) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // nothing more to release
        }
    }
}
