package org.plantwire.routes.opcua;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.plantwire.api.Quality;
import org.plantwire.api.TagBus;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.WriteRequest;
import org.plantwire.connector.ConnectorRuntime;
import org.plantwire.connector.TagMapper;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.TagMapping;

/**
 * One OPC UA connector. A supervisor route connects (retrying with back-off while the server is away; Milo's client
 * reconnects by itself once it has been connected), then subscribes to every mapped node with the plant file's
 * sampling and publishing intervals, in as many subscriptions as {@code maxItemsPerSubscription} requires. Nodes the
 * server does not know turn bad(not-found) with the server's status; the others flow. When the session is lost all
 * tags turn bad(not-connected); when it is back the subscriptions are built again, and their first notifications
 * carry every node's current value. Writes go to the node with the server's status code as the answer.
 *
 * <p>The OPC UA stack is Eclipse Milo's client SDK, exported by the plantwire-camel-milo bundle, rather than
 * camel-milo's endpoints: camel-milo 4.17.0 ignores the sampling and publishing intervals (one value per second at
 * most), does not report nodes the server refuses, and gives a route no signal while the server is away.
 */
final class OpcUaConnectorRoutes extends RouteBuilder {

    /** Values a monitored item may hold between two publishes, so bursts faster than publishing are not lost. */
    private static final int QUEUE_SIZE = 20;

    private final ConnectorConfig config;
    private final TagBus bus;
    private ConnectorRuntime runtime;
    private final Map<TagMapper, NodeId> nodes = new LinkedHashMap<>();
    /** The Java type the server uses for each node, learnt from its values, for writes. */
    private final Map<TagMapper, Class<?>> nodeTypes = new ConcurrentHashMap<>();
    private final List<OpcUaSubscription> subscriptions = new ArrayList<>();
    private volatile OpcUaClient client;
    /** Made once: its trust list watches the trust directory, so a certificate moved there is seen on the next try. */
    private ClientIdentity identity;
    private volatile boolean sessionActive;
    private volatile boolean rebuild = true;
    private long nextAttempt;
    private long backoff;

    OpcUaConnectorRoutes(ConnectorConfig config, TagBus bus) {
        this.config = config;
        this.bus = bus;
    }

    @Override
    public void configure() throws Exception {
        runtime = new ConnectorRuntime(config, bus, this::write);
        backoff = config.timing().reconnectMinMillis();
        getContext().addService(new ServiceSupport() {
            @Override
            protected void doStart() {
                runtime.start();
                for (TagMapper m : runtime.mappers()) {
                    Optional<NodeId> node = NodeId.parseSafe(m.mapping().address());
                    if (node.isPresent()) {
                        nodes.put(m, node.get());
                    } else {
                        runtime.tagError(m, Quality.BAD_CONFIG_ERROR, "'" + m.mapping().address() + "' is not a NodeId");
                    }
                }
            }

            @Override
            protected void doStop() {
                OpcUaClient c = client;
                client = null;
                if (c != null) {
                    try {
                        c.disconnectAsync().get(2, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception ignored) {
                        // the server may be gone already
                    }
                }
                if (identity != null) {
                    identity.close();
                }
                runtime.close();
            }
        }, true, true);

        from("timer:" + config.name() + "-supervisor?delay=0&period=" + Math.min(1000, config.timing().reconnectMinMillis()))
                .routeId(config.name() + "-supervisor")
                .process(e -> supervise());
    }

    /** Connects if never connected, rebuilds the subscriptions when needed, reports the state. */
    private void supervise() {
        long now = System.currentTimeMillis();
        if (client == null) {
            if (now < nextAttempt) {
                return;
            }
            try {
                client = connect();
                sessionActive = true;
                backoff = config.timing().reconnectMinMillis();
            } catch (Exception e) {
                runtime.disconnected("cannot connect to " + config.endpoint() + ": " + connectProblem(e));
                nextAttempt = now + backoff;
                backoff = Math.min(backoff * 2, config.timing().reconnectMaxMillis());
                return;
            }
        }
        if (!sessionActive) {
            if (runtime.state() != ConnectorState.DISCONNECTED) {
                runtime.disconnected("session with " + config.endpoint() + " lost; reconnecting");
            }
            return;
        }
        if (rebuild) {
            try {
                subscribe();
                rebuild = false;
                runtime.connected();
            } catch (Exception e) {
                runtime.disconnected("cannot subscribe at " + config.endpoint() + ": " + message(e));
            }
        }
    }

    private OpcUaClient connect() throws Exception {
        SecurityPolicy policy = SecurityPolicy.valueOf(config.security().policy() == null ? "None" : config.security().policy());
        MessageSecurityMode mode = MessageSecurityMode.valueOf(config.security().mode() == null ? "None" : config.security().mode());
        if (identity == null) {
            identity = ClientIdentity.of(config);
        }
        ClientIdentity identity = this.identity;
        OpcUaClient c = OpcUaClient.create(config.endpoint(),
                endpoints -> select(endpoints, policy, mode),
                transport -> { },
                cfg -> cfg.setApplicationName(LocalizedText.english("Plantwire " + config.name()))
                        .setApplicationUri(identity.applicationUri)
                        .setKeyPair(identity.keyPair)
                        .setCertificate(identity.certificate)
                        .setCertificateChain(new java.security.cert.X509Certificate[] {identity.certificate})
                        .setCertificateValidator(identity.validator)
                        .setRequestTimeout(UInteger.valueOf(config.timing().requestTimeoutMillis()))
                        .setIdentityProvider(config.security().username() == null ? AnonymousProvider.INSTANCE
                                : new UsernameProvider(config.security().username(),
                                        config.security().password() == null ? "" : config.security().password())));
        c.addSessionActivityListener(new SessionActivityListener() {
            @Override
            public void onSessionActive(UaSession session) {
                sessionActive = true;
            }

            @Override
            public void onSessionInactive(UaSession session) {
                sessionActive = false;
                rebuild = true; // a new session cannot always take the old subscriptions over
            }
        });
        try {
            c.connect();
        } catch (Exception e) {
            try {
                c.disconnect();
            } catch (Exception ignored) {
                // never connected
            }
            throw e;
        }
        return c;
    }

    private Optional<EndpointDescription> select(List<EndpointDescription> endpoints, SecurityPolicy policy,
                                                 MessageSecurityMode mode) {
        Optional<EndpointDescription> match = endpoints.stream()
                .filter(e -> policy.getUri().equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == mode)
                .findFirst();
        if (match.isEmpty()) {
            StringBuilder offered = new StringBuilder();
            endpoints.forEach(e -> offered.append(offered.length() == 0 ? "" : ", ")
                    .append(e.getSecurityPolicyUri().substring(e.getSecurityPolicyUri().indexOf('#') + 1))
                    .append('/').append(e.getSecurityMode()));
            runtime.error("server offers no endpoint with policy " + policy + " and mode " + mode + "; it offers " + offered);
        }
        return match;
    }

    /** Builds the subscriptions anew: old ones are deleted first so nothing is delivered twice. */
    private void subscribe() throws Exception {
        for (OpcUaSubscription old : subscriptions) {
            try {
                old.delete();
            } catch (Exception ignored) {
                // already gone with the old session
            }
        }
        subscriptions.clear();
        List<TagMapper> all = new ArrayList<>(nodes.keySet());
        int size = config.limits().maxItemsPerSubscription();
        for (int from = 0; from < all.size(); from += size) {
            List<TagMapper> group = all.subList(from, Math.min(all.size(), from + size));
            OpcUaSubscription subscription = new OpcUaSubscription(client, (double) config.timing().publishingMillis());
            subscription.create();
            subscriptions.add(subscription);
            Map<OpcUaMonitoredItem, TagMapper> items = new LinkedHashMap<>();
            for (TagMapper m : group) {
                OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(nodes.get(m));
                item.setSamplingInterval((double) config.timing().samplingMillis());
                item.setQueueSize(UInteger.valueOf(QUEUE_SIZE));
                item.setDataValueListener((i, value) -> onValue(m, value));
                subscription.addMonitoredItem(item);
                items.put(item, m);
            }
            subscription.createMonitoredItems();
            items.forEach((item, m) -> item.getCreateResult().filter(s -> !s.isGood()).ifPresent(
                    status -> runtime.tagError(m, OpcUaValues.quality(status), "server answered " + OpcUaValues.name(status))));
        }
    }

    private void onValue(TagMapper mapper, DataValue value) {
        Object raw = value.getValue() == null ? null : value.getValue().getValue();
        if (raw != null) {
            nodeTypes.put(mapper, raw.getClass());
        }
        StatusCode status = value.getStatusCode();
        Quality quality = OpcUaValues.quality(status);
        long sourceTime = value.getSourceTime() != null ? value.getSourceTime().getJavaTime()
                : value.getServerTime() != null ? value.getServerTime().getJavaTime() : System.currentTimeMillis();
        if (!quality.isGood() && status != null) {
            runtime.error(mapper.mapping().path() + " (" + mapper.mapping().address() + "): server reports " + OpcUaValues.name(status));
        }
        runtime.publishRaw(mapper, raw, quality, sourceTime);
    }

    private CompletionStage<WriteResult> write(TagMapping mapping, Object raw, WriteRequest request) {
        OpcUaClient c = client;
        TagMapper mapper = runtime.mapperFor(mapping.path());
        NodeId node = mapper == null ? null : nodes.get(mapper);
        if (c == null || node == null) {
            return CompletableFuture.completedFuture(WriteResult.failed(request.path(), request.value(),
                    node == null ? "'" + mapping.address() + "' is not a NodeId" : "not connected"));
        }
        Object value = OpcUaValues.asNodeType(raw, nodeTypes.get(mapper));
        return c.writeValuesAsync(List.of(node), List.of(new DataValue(new Variant(value))))
                .handle((statuses, e) -> {
                    if (e != null) {
                        return WriteResult.failed(request.path(), request.value(), message(e));
                    }
                    StatusCode s = statuses.get(0);
                    return s.isGood() ? WriteResult.ok(request.path(), request.value(), OpcUaValues.name(s))
                            : WriteResult.failed(request.path(), request.value(), "server answered " + OpcUaValues.name(s));
                });
    }

    /** Why a connect failed, in the integrator's terms where the stack's words would not help. */
    private String connectProblem(Exception e) {
        String m = message(e);
        if (m.contains("Bad_SecurityChecksFailed") || m.contains("Bad_CertificateUntrusted") || m.contains("trustAnchors")) {
            String dir = config.security().trustDir() == null ? "pki/opcua" : config.security().trustDir();
            return "the server's certificate is not trusted: check the copy in etc/" + dir
                    + "/rejected and move it to etc/" + dir + "/trusted/certs to trust it (" + m + ")";
        }
        if (m.contains("Bad_UserAccessDenied") || m.contains("Bad_IdentityTokenRejected") || m.contains("Bad_IdentityTokenInvalid")) {
            return "the server refused the user name or password (" + m + ")";
        }
        return m;
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException
                || t.getMessage() == null)) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
