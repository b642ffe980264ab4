package org.plantwire.routes.mqtt;

import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.plantwire.plant.SecurityConfig;
import org.plantwire.plant.Timing;

/**
 * {@link MqttSession} for MQTT 5 (Paho's v5 client, exported by the plantwire-camel-paho-mqtt5 bundle). A persistent
 * session is a clean start of false with a session expiry of one day, so the broker keeps the connector's
 * subscriptions and QoS 1 messages while it is away.
 */
final class Mqtt5Session extends AbstractMqttSession {

    private final MqttClient client;
    private final MqttConnectionOptions options = new MqttConnectionOptions();

    Mqtt5Session(String brokerUrl, String clientId, boolean cleanSession, Timing timing, SecurityConfig security)
            throws MqttException {
        super(brokerUrl, security);
        this.client = new MqttClient(this.brokerUrl, clientId, new MemoryPersistence());
        options.setAutomaticReconnect(true);
        options.setCleanStart(cleanSession);
        if (!cleanSession) {
            options.setSessionExpiryInterval(86_400L);
        }
        options.setMaxReconnectDelay((int) Math.min(Integer.MAX_VALUE, timing.reconnectMaxMillis()));
        options.setConnectionTimeout((int) Math.max(1, timing.requestTimeoutMillis() / 1000));
        options.setKeepAliveInterval(30);
        if (security.username() != null) {
            options.setUserName(security.username());
        }
        if (security.password() != null) {
            options.setPassword(security.password().getBytes(StandardCharsets.UTF_8));
        }
        options.setHttpsHostnameVerificationEnabled(true);
        SSLSocketFactory tls = socketFactory(security);
        if (tls != null) {
            options.setSocketFactory(tls);
        }
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
        return "paho-mqtt5";
    }

    @Override
    public String overrideTopicHeader() {
        return "CamelPahoMqtt5OverrideTopic";
    }

    @Override
    protected void connect() throws MqttException {
        client.connect(options);
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
