package org.plantwire.routes.mqtt;

import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLSocketFactory;

import org.apache.camel.Message;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Message;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
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
        this.client = new GatedClient(this.brokerUrl, clientId, new MemoryPersistence());
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
        } else if (heldConnect != null) {
            options.setSocketFactory(heldConnect);
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
    protected void disconnect() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(5_000);
        }
        // the consumer that had the callback is stopped next: what arrives after a new connect waits for the next one
        ((GatedClient) client).gate.clear();
    }

    @Override
    public boolean isReplay(Message message) {
        if (message instanceof PahoMqtt5Message paho && paho.getMqttMessage() != null) {
            return paho.getMqttMessage().isDuplicate() || paho.getMqttMessage().isRetained();
        }
        return false;
    }

    /** A client whose consumer callback is installed through a {@link CallbackGate}. */
    private static final class GatedClient extends MqttClient {

        private final CallbackGate<MqttCallback, MqttMessage> gate = new CallbackGate<>((callback, topic, message) -> {
            callback.messageArrived(topic, message);
            ack(message);
        });

        GatedClient(String serverUri, String clientId, MqttClientPersistence persistence) throws MqttException {
            super(serverUri, clientId, persistence);
            setManualAcks(true);
            super.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    gate.arrived(topic, message);
                }

                @Override
                public void connectComplete(boolean reconnect, String serverUri) {
                    MqttCallback c = gate.current();
                    if (c != null) {
                        c.connectComplete(reconnect, serverUri);
                    }
                }

                @Override
                public void disconnected(MqttDisconnectResponse response) {
                    MqttCallback c = gate.current();
                    if (c != null) {
                        c.disconnected(response);
                    }
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                    MqttCallback c = gate.current();
                    if (c != null) {
                        c.mqttErrorOccurred(exception);
                    }
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                    MqttCallback c = gate.current();
                    if (c != null) {
                        c.deliveryComplete(token);
                    }
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                    MqttCallback c = gate.current();
                    if (c != null) {
                        c.authPacketArrived(reasonCode, properties);
                    }
                }
            });
        }

        private void ack(MqttMessage message) throws MqttException {
            if (message.getQos() > 0) {
                messageArrivedComplete(message.getId(), message.getQos());
            }
        }

        @Override
        public void setCallback(MqttCallback callback) {
            gate.set(callback);
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
