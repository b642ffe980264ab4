package org.plantwire.simulator.internal.opcua;

import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;
import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.plantwire.simulator.internal.line.FillerLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filler PLC's OPC UA server (Eclipse Milo server SDK): endpoints per {@link ServerSettings}, the
 * {@link FillerNamespace} fed from a {@link FillerLine}. {@link #publish()} copies the model into the address space;
 * {@link #close()} unbinds the port and drops every client connection at once.
 */
public final class SimulatorServer implements AutoCloseable {

    public static final String APPLICATION_URI = "urn:plantwire:simulator";
    public static final String NAMESPACE_URI = FillerNamespace.NAMESPACE_URI;

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorServer.class);
    private static final long STARTUP_TIMEOUT_SECONDS = 10;

    private final ServerPki pki;
    private final OpcUaServer server;
    private final FillerNamespace namespace;
    private final FillerLine line;
    private final String endpointUrl;

    private SimulatorServer(ServerPki pki, OpcUaServer server, FillerNamespace namespace, FillerLine line,
                            String endpointUrl) {
        this.pki = pki;
        this.server = server;
        this.namespace = namespace;
        this.line = line;
        this.endpointUrl = endpointUrl;
    }

    /** Starts a server for {@code line}; fails if the port cannot be bound. */
    public static SimulatorServer start(ServerSettings settings, FillerLine line) throws Exception {
        ServerPki pki = ServerPki.open(settings.pkiDir(), APPLICATION_URI, settings.hostname(),
                settings.trustAllClients());
        OpcUaServer server = null;
        FillerNamespace namespace = null;
        try {
            int port = settings.port() != 0 ? settings.port() : freePort(settings.bindAddress());
            Set<EndpointConfig> endpoints = endpoints(settings, port, pki);
            OpcUaServerConfig config = OpcUaServerConfig.builder()
                    .setApplicationUri(APPLICATION_URI)
                    .setApplicationName(LocalizedText.english("Plantwire filler simulator"))
                    .setProductUri(APPLICATION_URI)
                    .setBuildInfo(new BuildInfo(APPLICATION_URI, "Plantwire", "Plantwire filler simulator",
                            OpcUaServer.SDK_VERSION, "", DateTime.now()))
                    .setEndpoints(endpoints)
                    .setCertificateManager(pki.certificateManager())
                    .setIdentityValidator(identityValidator(settings))
                    .build();
            // the shared Milo event loop and executors: owned by the bundle that holds Milo, not by this server
            server = new OpcUaServer(config, profile -> new OpcTcpServerTransport(
                    OpcTcpServerTransportConfig.newBuilder().build()));
            namespace = new FillerNamespace(server, line, settings.sampleMillis());
            namespace.startup();
            server.startup().get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);

            String url = "opc.tcp://" + settings.hostname() + ":" + port;
            LOG.info("Filler simulator listening on {} ({}:{}), security {}, anonymous {}, user {}", url,
                    settings.bindAddress(), port, settings.securityPolicies(), settings.anonymous(),
                    settings.username().isEmpty() ? "-" : settings.username());
            return new SimulatorServer(pki, server, namespace, line, url);
        } catch (Exception | Error e) {
            shutdown(server, namespace, pki);
            throw e;
        }
    }

    /** Copies the line model's current values into the address space. */
    public void publish() {
        namespace.publish(line.snapshot());
    }

    /** The None-security endpoint URL when offered, else the secured one: {@code opc.tcp://host:port}. */
    public String endpointUrl() {
        return endpointUrl;
    }

    /** The Milo server, for tests that add a namespace of their own. */
    public OpcUaServer server() {
        return server;
    }

    /** Index of the filler namespace on this server (2: after OPC UA's 0 and the server's own 1). */
    public int namespaceIndex() {
        return namespace.getNamespaceIndex().intValue();
    }

    @Override
    public void close() {
        shutdown(server, namespace, pki);
        LOG.info("Filler simulator on {} stopped", endpointUrl);
    }

    private static void shutdown(OpcUaServer server, FillerNamespace namespace, ServerPki pki) {
        try {
            if (server != null) {
                server.shutdown(); // unbinds and closes client channels synchronously
            }
            if (namespace != null) {
                namespace.shutdown();
            }
        } catch (RuntimeException e) {
            LOG.warn("Error stopping the simulator's OPC UA server", e);
        } finally {
            try {
                pki.close();
            } catch (Exception e) {
                LOG.warn("Error closing the simulator's trust list", e);
            }
        }
    }

    private static Set<EndpointConfig> endpoints(ServerSettings settings, int port, ServerPki pki) {
        List<UserTokenPolicy> tokens = new ArrayList<>();
        if (settings.anonymous()) {
            tokens.add(USER_TOKEN_POLICY_ANONYMOUS);
        }
        if (!settings.username().isEmpty()) {
            tokens.add(USER_TOKEN_POLICY_USERNAME); // password encrypted with the server certificate
        }
        EndpointConfig.Builder base = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(settings.bindAddress())
                .setBindPort(port)
                .setHostname(settings.hostname())
                .setPath("")
                .setCertificate(pki.certificate())
                .addTokenPolicies(tokens.toArray(UserTokenPolicy[]::new));

        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        if (settings.securityPolicies().contains(SecurityPolicy.None)) {
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None).build());
        }
        if (settings.securityPolicies().contains(SecurityPolicy.Basic256Sha256)) {
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                    .setSecurityMode(MessageSecurityMode.SignAndEncrypt).build());
        }
        if (!settings.securityPolicies().contains(SecurityPolicy.None)) {
            // OPC UA Part 6: with only secured endpoints, discovery needs an unsecured one at <base>/discovery
            endpoints.add(base.copy().setPath("/discovery").setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None).build());
        }
        return endpoints;
    }

    private static IdentityValidator identityValidator(ServerSettings settings) {
        List<IdentityValidator> validators = new ArrayList<>();
        if (settings.anonymous()) {
            validators.add(AnonymousIdentityValidator.INSTANCE);
        }
        if (!settings.username().isEmpty()) {
            String user = settings.username();
            String password = settings.password();
            validators.add(new UsernameIdentityValidator(
                    challenge -> user.equals(challenge.getUsername()) && password.equals(challenge.getPassword())));
        }
        return new CompositeValidator(validators);
    }

    private static int freePort(String bindAddress) throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(bindAddress, 0));
            return socket.getLocalPort();
        }
    }
}
