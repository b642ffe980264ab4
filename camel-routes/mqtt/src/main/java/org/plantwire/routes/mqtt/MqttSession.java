package org.plantwire.routes.mqtt;

import javax.net.ssl.SSLSocketFactory;

import org.apache.camel.Message;
import org.apache.camel.component.paho.PahoMessage;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
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
        this.client = new GatedClient(this.brokerUrl, clientId, new MemoryPersistence());
        this.options = options(this.brokerUrl, cleanSession, mqttVersion, timing, security);
        options.setAutomaticReconnect(true);
        if (heldConnect != null) {
            options.setSocketFactory(heldConnect);
        }
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
    protected void disconnect() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(5_000);
        }
        // the consumer that had the callback is stopped next: what arrives after a new connect waits for the next one
        ((GatedClient) client).gate.clear();
    }

    @Override
    public boolean isReplay(Message message) {
        if (message instanceof PahoMessage paho && paho.getMqttMessage() != null) {
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
            super.setCallback(new MqttCallbackExtended() {
                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    gate.arrived(topic, message);
                }

                @Override
                public void connectComplete(boolean reconnect, String serverUri) {
                    if (gate.current() instanceof MqttCallbackExtended extended) {
                        extended.connectComplete(reconnect, serverUri);
                    }
                }

                @Override
                public void connectionLost(Throwable cause) {
                    MqttCallback c = gate.current();
                    if (c != null) {
                        c.connectionLost(cause);
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    MqttCallback c = gate.current();
                    if (c != null) {
                        c.deliveryComplete(token);
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
