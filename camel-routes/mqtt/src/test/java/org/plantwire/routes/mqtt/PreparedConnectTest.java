package org.plantwire.routes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.plantwire.plant.SecurityConfig;
import org.plantwire.plant.Timing;
import org.plantwire.testing.Mosquitto;

/**
 * A connect prepared for a hand-over on a real Mosquitto: it does not take the session from the client that holds it
 * until it is completed, and a cancelled one never reaches the broker.
 */
class PreparedConnectTest {

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private MqttClientSession session(String version, Mosquitto broker) throws Exception {
        MqttClientSession s = MqttClientSession.create(version, broker.url(), "prepared-test", false, Timing.DEFAULTS,
                SecurityConfig.NONE);
        s.connectOnStart(false);
        s.start();
        closing.add(s::stop);
        return s;
    }

    /** A session holding the client id on a fresh broker, and a second one with a connect prepared for it. */
    private MqttClientSession[] holderAndPrepared(String version) throws Exception {
        Mosquitto broker = Mosquitto.start();
        closing.add(broker);
        MqttClientSession old = session(version, broker);
        assertThat(old.ensureConnected()).isTrue();
        MqttClientSession next = session(version, broker);
        next.prepareConnect();
        assertThat(next.awaitPrepared(5_000)).as("prepared: CONNECT waits").isTrue();
        return new MqttClientSession[] {old, next};
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"3.1.1", "5"})
    void preparedConnectWaitsForItsTurn(String version) throws Exception {
        MqttClientSession[] pair = holderAndPrepared(version);
        MqttClientSession old = pair[0];
        MqttClientSession next = pair[1];
        Thread.sleep(300); // were the CONNECT sent, the broker would have dropped the old client by now
        assertThat(old.isConnected()).as("old client keeps the session while the new one is prepared").isTrue();
        assertThat(next.isConnected()).isFalse();

        old.release();
        assertThat(next.ensureConnected()).isTrue();
        assertThat(next.isConnected()).isTrue();
        assertThat(old.isConnected()).isFalse();
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"3.1.1", "5"})
    void cancelledPreparationNeverReachesTheBroker(String version) throws Exception {
        MqttClientSession[] pair = holderAndPrepared(version);
        MqttClientSession old = pair[0];
        MqttClientSession next = pair[1];
        next.release(); // the hand-over did not happen
        Thread.sleep(300);
        assertThat(old.isConnected()).isTrue();
        assertThat(next.isConnected()).isFalse();
        // and it can still connect in full later
        old.release();
        assertThat(next.ensureConnected()).isTrue();
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"3.1.1", "5"})
    void withoutPreparationConnectsInFull(String version) throws Exception {
        Mosquitto broker = Mosquitto.start();
        closing.add(broker);
        MqttClientSession s = session(version, broker);
        assertThat(s.awaitPrepared(10)).isFalse();
        assertThat(s.ensureConnected()).isTrue();
    }
}
