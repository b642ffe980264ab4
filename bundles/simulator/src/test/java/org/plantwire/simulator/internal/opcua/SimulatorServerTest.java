package org.plantwire.simulator.internal.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.simulator.internal.line.FillerLine;
import org.plantwire.simulator.internal.line.FillerState;
import org.plantwire.simulator.internal.line.LineBehaviour;

/** The simulator's OPC UA face over real OPC UA on 127.0.0.1, driven by Milo's client SDK. */
class SimulatorServerTest {

    private static final String USER = "operator";
    private static final String PASSWORD = "s3cret";

    @TempDir
    Path pki;

    private SimulatorServer server;
    private OpcUaClient client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.disconnect();
        }
        if (server != null) {
            server.close();
        }
    }

    private ServerSettings settings(int port, Set<SecurityPolicy> policies, boolean anonymous) {
        return new ServerSettings("127.0.0.1", port, "127.0.0.1", policies, anonymous, USER, PASSWORD, pki, true, 100);
    }

    private SimulatorServer start(FillerLine line, Set<SecurityPolicy> policies) throws Exception {
        server = SimulatorServer.start(settings(0, policies, true), line);
        return server;
    }

    /** The filler namespace's index (2; checked in the first test); fixed so it can be used while no server runs. */
    private static NodeId node(String path) {
        return new NodeId(2, path);
    }

    private static OpcUaClient anonymousClient(String endpointUrl) throws UaException {
        OpcUaClient client = OpcUaClient.create(endpointUrl,
                endpoints -> endpoints.stream()
                        .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri()))
                        .findFirst(),
                transport -> { },
                config -> config.setIdentityProvider(AnonymousProvider.INSTANCE));
        client.connect();
        return client;
    }

    private DataValue read(String path) throws UaException {
        return client.readValue(0, TimestampsToReturn.Both, node(path));
    }

    private StatusCode write(String path, Object value) throws UaException {
        return client.writeValues(List.of(node(path)), List.of(new DataValue(new Variant(value)))).get(0);
    }

    private void tick(FillerLine line, int ticks) {
        for (int i = 0; i < ticks; i++) {
            line.tick(100);
        }
        server.publish();
    }

    @Test
    void servesTheFillerOnNamespaceTwoWithStringNodeIds() throws Exception {
        FillerLine line = new FillerLine(new Random(1), LineBehaviour.STEADY, true);
        start(line, Set.of(SecurityPolicy.None));
        tick(line, 600); // a minute of model time
        client = anonymousClient(server.endpointUrl());

        assertThat(server.namespaceIndex()).isEqualTo(2);
        assertThat(client.getNamespaceTable().getIndex(SimulatorServer.NAMESPACE_URI).intValue()).isEqualTo(2);
        assertThat((Double) read("Filler/Temperature").value().value()).isCloseTo(65.0, within(1.0));
        assertThat((Double) read("Filler/Pressure").value().value()).isCloseTo(2.5, within(0.1));
        assertThat((Double) read("Filler/FillLevel").value().value()).isBetween(0.0, 100.0);
        assertThat((Double) read("Filler/Speed").value().value()).isCloseTo(300.0, within(3.0));
        assertThat(read("Filler/GoodCount").value().value()).isInstanceOf(UInteger.class);
        assertThat(((UInteger) read("Filler/GoodCount").value().value()).longValue()).isBetween(280L, 300L);
        assertThat(((UInteger) read("Filler/RejectCount").value().value()).longValue()).isZero();
        assertThat(read("Filler/State").value().value()).isEqualTo(2);
        assertThat(read("Filler/FaultCode").value().value()).isEqualTo(0);
        assertThat(read("Filler/Setpoints/Temperature").value().value()).isEqualTo(65.0);
        assertThat(read("Filler/Setpoints/Speed").value().value()).isEqualTo(300.0);
        assertThat(read("Filler/Command").value().value()).isEqualTo(0);
        assertThat(read("Filler/Temperature").statusCode().isGood()).isTrue();
        assertThat(read("Filler/Temperature").sourceTime()).isNotNull();
    }

    @Test
    void writesReachTheModelAndRefusalsComeBackAsStatusCodes() throws Exception {
        FillerLine line = new FillerLine(new Random(2), LineBehaviour.STEADY, true);
        start(line, Set.of(SecurityPolicy.None));
        client = anonymousClient(server.endpointUrl());

        assertThat(write("Filler/Setpoints/Speed", 120.0).isGood()).isTrue();
        assertThat(line.snapshot().speedSetpoint()).isEqualTo(120.0);
        assertThat(read("Filler/Setpoints/Speed").value().value()).isEqualTo(120.0);

        assertThat(write("Filler/Setpoints/Temperature", 70.5).isGood()).isTrue();
        assertThat(line.snapshot().temperatureSetpoint()).isEqualTo(70.5);

        assertThat(write("Filler/Setpoints/Speed", 1000.0).getValue()).isEqualTo(StatusCodes.Bad_OutOfRange);
        assertThat(write("Filler/Setpoints/Temperature", -5.0).getValue()).isEqualTo(StatusCodes.Bad_OutOfRange);
        assertThat(write("Filler/Setpoints/Speed", 200).getValue()).isEqualTo(StatusCodes.Bad_TypeMismatch);
        assertThat(line.snapshot().speedSetpoint()).isEqualTo(120.0);
        assertThat(read("Filler/Setpoints/Speed").value().value()).isEqualTo(120.0);

        // Milo checks the user access level first: a read-only variable answers Bad_UserAccessDenied
        assertThat(write("Filler/Temperature", 1.0).getValue()).isEqualTo(StatusCodes.Bad_UserAccessDenied);
        assertThat(write("Filler/NoSuchThing", 1.0).getValue()).isEqualTo(StatusCodes.Bad_NodeIdUnknown);
        assertThat(read("Filler/NoSuchThing").statusCode().getValue()).isEqualTo(StatusCodes.Bad_NodeIdUnknown);

        assertThat(write("Filler/Command", 2).isGood()).isTrue();
        assertThat(line.snapshot().state()).isEqualTo(FillerState.STOPPED);
        assertThat(read("Filler/Command").value().value()).isEqualTo(2);
        assertThat(write("Filler/Command", 9).getValue()).isEqualTo(StatusCodes.Bad_OutOfRange);
        assertThat(write("Filler/Command", 1).isGood()).isTrue();
        assertThat(line.snapshot().state()).isEqualTo(FillerState.RUNNING);
        tick(line, 1);
        assertThat(read("Filler/State").value().value()).isEqualTo(2);
    }

    @Test
    void startIsRefusedWithBadInvalidStateWhileFaulted() throws Exception {
        FillerLine line = new FillerLine(new Random(3), new LineBehaviour(0.001, 1.0, 0, 1, 0), true);
        start(line, Set.of(SecurityPolicy.None));
        tick(line, 1);
        client = anonymousClient(server.endpointUrl());

        assertThat(read("Filler/State").value().value()).isEqualTo(3);
        assertThat((Integer) read("Filler/FaultCode").value().value()).isBetween(101, 104);
        assertThat(write("Filler/Command", 1).getValue()).isEqualTo(StatusCodes.Bad_InvalidState);
        assertThat(write("Filler/Command", 3).isGood()).isTrue();
        tick(line, 1);
        assertThat(read("Filler/FaultCode").value().value()).isEqualTo(0);
    }

    @Test
    void subscribersSeeEveryTick() throws Exception {
        FillerLine line = new FillerLine(new Random(4), LineBehaviour.STEADY, true);
        start(line, Set.of(SecurityPolicy.None));
        client = anonymousClient(server.endpointUrl());

        var subscription = new OpcUaSubscription(client, 100.0);
        subscription.create();
        var item = OpcUaMonitoredItem.newDataItem(node("Filler/Temperature"));
        item.setSamplingInterval(100.0);
        item.setQueueSize(UInteger.valueOf(10));
        List<Double> values = new CopyOnWriteArrayList<>();
        item.setDataValueListener((i, value) -> values.add((Double) value.value().value()));
        subscription.addMonitoredItem(item);
        subscription.createMonitoredItems();
        assertThat(item.getRevisedSamplingInterval()).contains(100.0);

        for (int i = 0; i < 30; i++) { // the server samples in real time, so tick in real time too
            tick(line, 1);
            Thread.sleep(100);
        }
        awaitTrue(() -> values.size() >= 15, "15 of 30 temperature changes");
        assertThat(values.stream().distinct().count()).isGreaterThanOrEqualTo(15);
    }

    @Test
    void basic256Sha256WithUsernameAndPasswordAndAGeneratedServerCertificate() throws Exception {
        FillerLine line = new FillerLine(new Random(5), LineBehaviour.STEADY, true);
        server = SimulatorServer.start(settings(0, Set.of(SecurityPolicy.Basic256Sha256), false), line);
        assertThat(pki.resolve("simulator-server.pfx")).exists();
        assertThat(pki.resolve("trusted").resolve("certs")).isDirectory();

        client = secureClient(server.endpointUrl() + "/discovery", new UsernameProvider(USER, PASSWORD));
        client.connect();
        assertThat(client.getConfig().getEndpoint().getSecurityMode()).isEqualTo(MessageSecurityMode.SignAndEncrypt);
        assertThat(read("Filler/State").value().value()).isEqualTo(2);
        assertThat(write("Filler/Setpoints/Speed", 250.0).isGood()).isTrue();
        client.disconnect();
        client = null;

        OpcUaClient intruder = secureClient(server.endpointUrl() + "/discovery", new UsernameProvider(USER, "wrong"));
        assertThatThrownBy(intruder::connect).isInstanceOf(UaException.class);
        intruder.disconnect();

        // the key store is reused: the same certificate after a restart
        X509Certificate first = certificateOf(server.endpointUrl() + "/discovery");
        server.close();
        server = SimulatorServer.start(settings(0, Set.of(SecurityPolicy.Basic256Sha256), false), line);
        assertThat(certificateOf(server.endpointUrl() + "/discovery")).isEqualTo(first);
    }

    @Test
    void stopsAtOnceDroppingClientsAndRestartsOnTheSamePort() throws Exception {
        FillerLine line = new FillerLine(new Random(6), LineBehaviour.STEADY, true);
        server = SimulatorServer.start(settings(0, Set.of(SecurityPolicy.None), true), line);
        String url = server.endpointUrl();
        int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
        client = anonymousClient(url);
        assertThat(read("Filler/State").value().value()).isEqualTo(2);

        server.close();
        server = null;
        assertThatThrownBy(() -> read("Filler/State")).isInstanceOf(UaException.class);

        server = SimulatorServer.start(settings(port, Set.of(SecurityPolicy.None), true), line);
        assertThat(server.endpointUrl()).isEqualTo(url);
        // Milo's client reconnects by itself and opens a new session
        awaitTrue(() -> {
            try {
                return Integer.valueOf(2).equals(read("Filler/State").value().value());
            } catch (UaException e) {
                return false;
            }
        }, "the client to read from the restarted server");
    }

    @Test
    void refusesSettingsNobodyCouldUse() {
        assertThatThrownBy(() -> new ServerSettings("127.0.0.1", 4840, "127.0.0.1", Set.of(SecurityPolicy.None), false,
                "", "", pki, true, 100)).hasMessageContaining("nobody could log in");
        assertThatThrownBy(() -> new ServerSettings("127.0.0.1", 4840, "127.0.0.1",
                Set.of(SecurityPolicy.Basic128Rsa15), true, "", "", pki, true, 100))
                .hasMessageContaining("is not offered");
        assertThatThrownBy(() -> ServerSettings.parseSecurityPolicies("None, Basic512"))
                .hasMessageContaining("unknown security policy 'Basic512'");
        assertThat(ServerSettings.parseSecurityPolicies(
                "http://opcfoundation.org/UA/SecurityPolicy#None, Basic256Sha256"))
                .containsExactly(SecurityPolicy.None, SecurityPolicy.Basic256Sha256);
    }

    private OpcUaClient secureClient(String discoveryUrl, UsernameProvider identity) throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("simulator test client")
                .setApplicationUri("urn:plantwire:simulator:test-client")
                .build();
        return OpcUaClient.create(discoveryUrl,
                endpoints -> endpoints.stream()
                        .filter(e -> SecurityPolicy.Basic256Sha256.getUri().equals(e.getSecurityPolicyUri()))
                        .findFirst(),
                transport -> { },
                config -> config
                        .setApplicationUri("urn:plantwire:simulator:test-client")
                        .setKeyPair(keyPair)
                        .setCertificate(certificate)
                        .setCertificateChain(new X509Certificate[] {certificate})
                        .setCertificateValidator(new CertificateValidator.InsecureCertificateValidator())
                        .setIdentityProvider(identity));
    }

    private static X509Certificate certificateOf(String discoveryUrl) throws Exception {
        List<EndpointDescription> endpoints =
                org.eclipse.milo.opcua.sdk.client.DiscoveryClient.getEndpoints(discoveryUrl).get(10, TimeUnit.SECONDS);
        Optional<EndpointDescription> secured = endpoints.stream()
                .filter(e -> e.getSecurityMode() == MessageSecurityMode.SignAndEncrypt).findFirst();
        assertThat(secured).isPresent();
        assertThat(Stream.of(secured.get().getUserIdentityTokens()).map(UserTokenPolicy::getTokenType))
                .containsExactly(UserTokenType.UserName);
        byte[] der = secured.get().getServerCertificate().bytesOrEmpty();
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    /** Waits (up to 20 s) for a condition that depends on the network; the test fails if it never holds. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
