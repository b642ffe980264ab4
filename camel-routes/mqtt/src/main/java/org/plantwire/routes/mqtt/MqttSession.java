package org.plantwire.routes.mqtt;

import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.plantwire.plant.SecurityConfig;
import org.plantwire.plant.Timing;

/**
 * One MQTT client that Plantwire owns and hands to camel-paho endpoints ({@code client=#name}), because camel-paho's
 * own clients neither retry a first connect that fails nor close on stop (a client stopped during an outage keeps
 * reconnecting forever under the same client id and steals the session of its successor). Here the first connect is
 * retried by the connector's supervisor, Paho's automatic reconnect takes over once connected, and stopping the
 * CamelContext closes the client whatever its state.
 */
final class MqttSession extends ServiceSupport implements MqttClientSession {

    private final String brokerUrl;
    private final MqttClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private volatile String lastError;
    private volatile boolean everConnected;

    MqttSession(String brokerUrl, String clientId, boolean cleanSession, int mqttVersion, Timing timing,
                SecurityConfig security) throws MqttException {
        // tls: true turns a tcp:// address into ssl://
        brokerUrl = security.tls() && brokerUrl.startsWith("tcp://") ? "ssl://" + brokerUrl.substring(6) : brokerUrl;
        this.brokerUrl = brokerUrl;
        this.client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        options.setAutomaticReconnect(true);
        options.setCleanSession(cleanSession);
        options.setMaxReconnectDelay((int) Math.min(Integer.MAX_VALUE, timing.reconnectMaxMillis()));
        options.setConnectionTimeout((int) Math.max(1, timing.requestTimeoutMillis() / 1000));
        options.setKeepAliveInterval(30);
        options.setMaxInflight(1000);
        options.setMqttVersion(mqttVersion);
        if (security.username() != null) {
            options.setUserName(security.username());
        }
        if (brokerUrl.startsWith("ssl://")) {
            // the broker's host name must match its certificate; the CAs are the plant file's, else the JVM's
            options.setHttpsHostnameVerificationEnabled(true);
            if (security.trustDir() != null) {
                try {
                    options.setSocketFactory(TlsTrust.socketFactory(security.trustDir()));
                } catch (Exception e) {
                    throw new IllegalStateException("TLS trust for " + brokerUrl + ": " + e.getMessage(), e);
                }
            }
        }
        if (security.password() != null) {
            options.setPassword(security.password().toCharArray());
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
        return "paho";
    }

    @Override
    public String overrideTopicHeader() {
        return "CamelPahoOverrideTopic";
    }

    /**
     * Connects unless connected; after the first success Paho reconnects by itself, so this only retries the first
     * connect. Returns whether the client is connected now.
     */
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
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_CONNECTED
                    || e.getReasonCode() == MqttException.REASON_CODE_CONNECT_IN_PROGRESS) {
                return client.isConnected();
            }
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
