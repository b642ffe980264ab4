package org.plantwire.routes.mqtt;

import java.nio.charset.StandardCharsets;

import org.apache.camel.support.service.ServiceSupport;
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
final class Mqtt5Session extends ServiceSupport implements MqttClientSession {

    private final String brokerUrl;
    private final MqttClient client;
    private final MqttConnectionOptions options = new MqttConnectionOptions();
    private volatile String lastError;
    private volatile boolean everConnected;

    Mqtt5Session(String brokerUrl, String clientId, boolean cleanSession, Timing timing, SecurityConfig security)
            throws MqttException {
        brokerUrl = security.tls() && brokerUrl.startsWith("tcp://") ? "ssl://" + brokerUrl.substring(6) : brokerUrl;
        this.brokerUrl = brokerUrl;
        this.client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
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
        if (brokerUrl.startsWith("ssl://")) {
            options.setHttpsHostnameVerificationEnabled(true);
            if (security.trustDir() != null) {
                try {
                    options.setSocketFactory(TlsTrust.socketFactory(security.trustDir()));
                } catch (Exception e) {
                    throw new IllegalStateException("TLS trust for " + brokerUrl + ": " + e.getMessage(), e);
                }
            }
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
    public String lastError() {
        return lastError;
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
    public synchronized boolean ensureConnected() {
        if (client.isConnected() || everConnected || !isRunAllowed()) {
            return client.isConnected();
        }
        try {
            client.connect(options);
            everConnected = true;
            lastError = null;
            return true;
        } catch (MqttException e) {
            lastError = "cannot connect to " + brokerUrl + ": " + e.getMessage();
            return false;
        }
    }

    @Override
    protected synchronized void doStop() {
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
