package org.plantwire.routes.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.simulator.internal.line.FillerLine;
import org.plantwire.simulator.internal.line.LineBehaviour;
import org.plantwire.simulator.internal.opcua.ServerSettings;
import org.plantwire.simulator.internal.opcua.SimulatorServer;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Await;

/**
 * Basic256Sha256 with user name and password against the simulated filler: the server's certificate is not trusted
 * until the integrator puts it in the connector's trust list; then the connector connects by itself.
 */
class OpcUaSecurityTest {

    private static final TagPath STATE = TagPath.of("acme/site/line1/filler/state");

    @TempDir
    Path dir;

    private SimulatorServer server;
    private TagBusImpl bus;
    private CamelContext context;

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.stop();
        }
        if (bus != null) {
            bus.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theServerIsTrustedOnlyOnceItsCertificateIsInTheTrustList() throws Exception {
        System.setProperty("karaf.data", dir.resolve("data").toString());
        System.setProperty("karaf.etc", dir.resolve("etc").toString());
        int port = Await.freePort();
        FillerLine line = new FillerLine(new Random(9), LineBehaviour.STEADY, true);
        server = SimulatorServer.start(new ServerSettings("127.0.0.1", port, "127.0.0.1", Set.of(SecurityPolicy.Basic256Sha256),
                false, "operator", "s3cret", dir.resolve("server-pki"), true, 100), line);
        bus = new TagBusImpl();
        ConnectorConfig config = PlantFileParser.parse("site", "site.yaml", new StringReader(
                "plant: {enterprise: acme, site: site}\n"
                + "connectors:\n"
                + "  - name: secure-filler\n"
                + "    protocol: opcua\n"
                + "    endpoint: opc.tcp://127.0.0.1:" + port + "\n"
                + "    security: {policy: Basic256Sha256, mode: SignAndEncrypt, username: operator, password: s3cret, trustDir: pki/line1}\n"
                + "    timing: {reconnectMinMillis: 200, reconnectMaxMillis: 500}\n"
                + "    tags:\n"
                + "      - {path: line1/filler/state, address: 'ns=2;s=Filler/State', type: integer}\n"))
                .plant().connectors().get(0);
        context = new DefaultCamelContext();
        context.start();
        context.addRoutes(new OpcUaConnectorRoutes(config, bus));

        Path trust = dir.resolve("etc/pki/line1");
        Await.until("server certificate refused and kept for inspection", () -> certificates(trust.resolve("rejected")).size() == 1);
        Await.until("connector reports it", () -> bus.connectors().get(0).status().state() == ConnectorState.DISCONNECTED);
        assertThat(bus.read(STATE).get().quality()).isEqualTo(Quality.BAD_NOT_CONNECTED);
        assertThat(bus.connectors().get(0).status().lastError()).containsIgnoringCase("certificate");

        // the integrator checks it and trusts it
        Path certificate = certificates(trust.resolve("rejected")).get(0);
        Files.createDirectories(trust.resolve("trusted/certs"));
        Files.move(certificate, trust.resolve("trusted/certs").resolve(certificate.getFileName()));
        Await.until("connected over Basic256Sha256", () -> {
            TagValue v = bus.read(STATE).orElse(null);
            return v != null && v.quality() == Quality.GOOD;
        });
        assertThat(bus.connectors().get(0).status().state()).isEqualTo(ConnectorState.CONNECTED);
        assertThat(Files.exists(dir.resolve("data/plantwire/pki/secure-filler.pfx"))).isTrue();
    }

    private static List<Path> certificates(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            return List.of();
        }
    }


}
