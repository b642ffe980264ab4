package org.plantwire.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.plantwire.api.Quality;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;

/**
 * The first plant on the real distribution, as it boots: the simulated filler (OPC UA) and capper/labeller
 * (Modbus TCP) feed the tag bus through the demo plant's connectors and go out on the embedded broker's unified
 * namespace; writes reach the simulated PLCs and read back; either PLC going away turns its tags bad and they recover.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FirstPlantIT extends PlantwireTestSupport {

    private static final String LINE = "acme/woodlands/packaging/line1/";
    private static final TagPath TEMPERATURE = TagPath.of(LINE + "filler/temperature");
    private static final TagPath SPEED_SETPOINT = TagPath.of(LINE + "filler/setpoints/speed");
    private static final TagPath TORQUE_SETPOINT = TagPath.of("acme/woodlands/packaging/line1/capper/torque-setpoint");
    private static final TagPath CAPPER_SPEED = TagPath.of(LINE + "capper/speed-setpoint");
    private static final TagPath CAPPER_STATE = TagPath.of(LINE + "capper/state");

    @Inject
    protected TagBus bus;

    @Configuration
    public Option[] config() {
        return distribution("plant", 3);
    }

    @Test
    public void opcUaValuesReachTheBusAndTheUnifiedNamespace() throws Exception {
        waitFor("filler temperature", 60_000, () -> good(TEMPERATURE));
        waitFor("capper state", 30_000, () -> good(CAPPER_STATE));
        waitFor("embedded broker listening on 1883", 60_000, () -> listening(1883));
        Map<String, String> received = new ConcurrentHashMap<>();
        MqttClient client = new MqttClient("tcp://127.0.0.1:1883", "it-uns", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        client.connect(options);
        try {
            client.subscribe("uns/" + LINE + "#", 1, (topic, m) -> received.put(topic, new String(m.getPayload(), StandardCharsets.UTF_8)));
            waitFor("filler temperature on MQTT", 20_000, () -> String.valueOf(received.get("uns/" + TEMPERATURE)).contains("\"unit\":\"degC\""));
            waitFor("capper state on MQTT", 20_000, () -> received.containsKey("uns/" + CAPPER_STATE));
            assertTrue(received.get("uns/" + TEMPERATURE), received.get("uns/" + TEMPERATURE).contains("\"quality\":\"good\""));
        } finally {
            client.disconnect();
            client.close();
        }
        String tags = shell("plant:tags " + LINE + "#");
        assertTrue(tags, tags.contains("line1-filler") && tags.contains("line1-capper"));
        String connectors = shell("plant:connectors");
        assertTrue(connectors, connectors.contains("opc.tcp://127.0.0.1:4840") && connectors.contains("modbus-tcp://127.0.0.1:5020"));
    }

    @Test
    public void writesReachBothPlcsAndReadBack() throws Exception {
        waitFor("filler setpoint", 60_000, () -> good(SPEED_SETPOINT));
        waitFor("capper setpoint", 30_000, () -> good(CAPPER_SPEED));
        String opcua = shell("plant:write " + SPEED_SETPOINT + " 250");
        assertTrue(opcua, opcua.contains("Wrote 250.0 to " + SPEED_SETPOINT + " via line1-filler") && opcua.contains(": Good"));
        waitFor("OPC UA read-back", 10_000, () -> Double.valueOf(250.0).equals(bus.read(SPEED_SETPOINT).get().value()));
        String modbus = shell("plant:write " + CAPPER_SPEED + " 420");
        assertTrue(modbus, modbus.contains("via line1-capper") && modbus.contains("written to holding:0"));
        waitFor("Modbus read-back", 10_000, () -> Long.valueOf(420).equals(bus.read(CAPPER_SPEED).get().value()));

        // refused before anything reaches a PLC: out of the tag map's range, or not a number
        assertShellFails("plant:write " + SPEED_SETPOINT + " 700", "700.0 is above the maximum 600 bpm");
        assertShellFails("plant:write " + CAPPER_SPEED + " fast", "'fast' is not an integer");

        // roles (etc/org.plantwire.access.cfg marks the filler's setpoints operator-writable): a viewer writes nothing,
        // an operator the setpoints but not the capper's torque, and every attempt is in the audit trail
        try {
            shellAs("vera", "plant:write " + SPEED_SETPOINT + " 260", "viewer");
            fail("a viewer's write should be refused");
        } catch (ShellCommandException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("vera may not write " + SPEED_SETPOINT
                    + ": it takes the operator role, vera has the viewer role"));
        }
        String op = shellAs("otto", "plant:write " + SPEED_SETPOINT + " 270", "operator");
        assertTrue(op, op.contains("Wrote 270.0 to " + SPEED_SETPOINT + " via line1-filler, read back") && op.contains("(was 250.0)"));
        try {
            shellAs("otto", "plant:write " + TORQUE_SETPOINT + " 300", "operator");
            fail("an operator's write of an engineer's tag should be refused");
        } catch (ShellCommandException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("it takes the engineer role"));
        }
        String audit = shell("scada:audit -n 20");
        assertTrue(audit, audit.contains("vera") && audit.contains("refused") && audit.contains("otto")
                && audit.contains("confirmed") && audit.contains("270.0"));
        assertTrue(audit, audit.contains("700"));  // refused by the tag's limits: audited too
    }

    @Test
    public void plcsThatGoAwayTurnTheirTagsBadAndRecover() throws Exception {
        waitFor("filler temperature", 60_000, () -> good(TEMPERATURE));
        waitFor("capper state", 30_000, () -> good(CAPPER_STATE));
        Bundle filler = bundle("plantwire-simulator");
        Bundle capper = bundle("plantwire-simulator-modbus");

        filler.stop();
        waitFor("filler tags not connected", 30_000, () -> bus.read(TEMPERATURE).get().quality() == Quality.BAD_NOT_CONNECTED);
        assertTrue("capper keeps flowing", good(CAPPER_STATE));
        filler.start();
        waitFor("filler tags good again", 60_000, () -> good(TEMPERATURE));

        capper.stop();
        waitFor("capper tags not connected", 30_000, () -> bus.read(CAPPER_STATE).get().quality() == Quality.BAD_NOT_CONNECTED);
        assertTrue("filler keeps flowing", good(TEMPERATURE));
        capper.start();
        waitFor("capper tags good again", 60_000, () -> good(CAPPER_STATE));
        assertEquals(Quality.GOOD, bus.read(TEMPERATURE).get().quality());
    }

    @Test
    public void aNodeOrRegisterThePlcDoesNotHaveMakesOnlyThatTagBad() throws Exception {
        Path file = writePlantFile("extra.yaml", "plant: {enterprise: acme, site: extra}\n"
                + "connectors:\n"
                + "  - name: extra-filler\n"
                + "    protocol: opcua\n"
                + "    endpoint: opc.tcp://127.0.0.1:4840\n"
                + "    tags:\n"
                + "      - {path: filler/pressure, address: 'ns=2;s=Filler/Pressure', type: float}\n"
                + "      - {path: filler/ghost, address: 'ns=2;s=Filler/Ghost', type: float}\n"
                + "  - name: extra-capper\n"
                + "    protocol: modbus-tcp\n"
                + "    endpoint: modbus-tcp://127.0.0.1:5020\n"
                + "    tags:\n"
                + "      - {path: capper/state, address: 'input:1', encoding: uint16, type: integer}\n"
                + "      - {path: capper/ghost, address: 'input:7', encoding: uint16, type: integer}\n");
        try {
            waitFor("good OPC UA tag", 60_000, () -> good(TagPath.of("acme/extra/filler/pressure")));
            waitFor("missing node", 30_000, () -> quality("acme/extra/filler/ghost") == Quality.BAD_NOT_FOUND);
            waitFor("good Modbus tag", 30_000, () -> good(TagPath.of("acme/extra/capper/state")));
            waitFor("missing register", 30_000, () -> quality("acme/extra/capper/ghost") == Quality.BAD_NOT_FOUND);
            String connectors = shell("plant:connectors");
            assertTrue(connectors, connectors.contains("Bad_NodeIdUnknown"));
            assertTrue(connectors, connectors.contains("illegal data address"));
        } finally {
            Files.delete(file);
        }
    }

    private boolean good(TagPath path) {
        TagValue v = bus.read(path).orElse(null);
        return v != null && v.quality() == Quality.GOOD;
    }

    private Quality quality(String path) {
        return bus.read(TagPath.of(path)).map(TagValue::quality).orElse(null);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("No bundle " + symbolicName);
    }

    private void assertShellFails(String command, String expected) throws Exception {
        try {
            String out = shell(command);
            throw new AssertionError("'" + command + "' should fail, printed: " + out);
        } catch (ShellCommandException e) {
            assertTrue("'" + command + "' should fail with '" + expected + "' but: " + e.getMessage(), e.getMessage().contains(expected));
        }
    }
}
