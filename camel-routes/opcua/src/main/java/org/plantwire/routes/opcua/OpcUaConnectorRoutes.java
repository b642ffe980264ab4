package org.plantwire.routes.opcua;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.plantwire.api.Quality;
import org.plantwire.api.TagBus;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.api.spi.WriteRequest;
import org.plantwire.connector.ConnectorRuntime;
import org.plantwire.connector.TagMapper;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.TagMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OPC UA connector. A supervisor route connects (retrying with back-off while the server is away; Milo's client
 * reconnects by itself once it has been connected), then subscribes to every mapped node with the plant file's
 * sampling and publishing intervals, in as many subscriptions as {@code maxItemsPerSubscription} requires. Nodes the
 * server does not know turn bad(not-found) with the server's status; the others flow. When the session is lost all
 * tags turn bad(not-connected); when it is back the subscriptions are built again, and their first notifications
 * carry every node's current value. Writes go to the node with the server's status code as the answer.
 *
 * <p>Make-before-break: beside a running version of this connector it stands by with its own session and
 * subscriptions (servers take several clients), its values kept by the {@link ConnectorRuntime}. Taking over, it
 * reads every mapped node again in one Read per subscription and publishes a value the bus does not have yet, when
 * its own subscription has delivered that value already (a value still on its way comes through the subscription,
 * in order).
 *
 * <p>The OPC UA stack is Eclipse Milo's client SDK, exported by the plantwire-camel-milo bundle, rather than
 * camel-milo's endpoints: camel-milo 4.17.0 ignores the sampling and publishing intervals (one value per second at
 * most), does not report nodes the server refuses, and gives a route no signal while the server is away.
 */
final class OpcUaConnectorRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaConnectorRoutes.class);
    /** Least values a monitored item may hold between two publishes, so bursts faster than sampling are not lost. */
    private static final int MIN_QUEUE_SIZE = 20;
    /** Most values a monitored item may hold between two publishes. */
    private static final int MAX_QUEUE_SIZE = 1_000;

    private final ConnectorConfig config;
    private final TagBus bus;
    private final SwitchBoard board;
    private final long bundleId;
    private ConnectorRuntime runtime;
    private final Map<TagMapper, NodeId> nodes = new LinkedHashMap<>();
    /** The Java type the server uses for each node, learnt from its values, for writes. */
    private final Map<TagMapper, Class<?>> nodeTypes = new ConcurrentHashMap<>();
    /** The subscriptions and their tags; replaced as a whole when rebuilt (a take-over reads it on another thread). */
    private volatile List<Subscribed> subscriptions = List.of();
    /** Per tag, the newest source time its monitored item delivered. */
    private final Map<TagMapper, Long> newestSourceTime = new ConcurrentHashMap<>();
    private volatile OpcUaClient client;
    /** Made once: its trust list watches the trust directory, so a certificate moved there is seen on the next try. */
    private ClientIdentity identity;
    private volatile boolean sessionActive;
    private volatile boolean rebuild = true;
    private long nextAttempt;
    private long backoff;

    /** One subscription and the tags it monitors. */
    private record Subscribed(OpcUaSubscription subscription, List<TagMapper> mappers) {
    }

    OpcUaConnectorRoutes(ConnectorConfig config, TagBus bus) {
        this(config, bus, null, -1);
    }

    /**
     * @param board    the switch board to join (null: always active)
     * @param bundleId the bundle this instance runs in
     */
    OpcUaConnectorRoutes(ConnectorConfig config, TagBus bus, SwitchBoard board, long bundleId) {
        this.config = config;
        this.bus = bus;
        this.board = board;
        this.bundleId = bundleId;
    }

    @Override
    public void configure() throws Exception {
        runtime = new ConnectorRuntime(config, bus, this::write, board, bundleId);
        runtime.onHandover(new ConnectorRuntime.Handover() {
            @Override
            public void activate() {
                try {
                    readAgain();
                } catch (Exception e) {
                    // the subscriptions deliver on: a failed re-read is no reason to hand the work back
                    runtime.error("reading the nodes again on taking over failed: " + message(e));
                }
            }
        });
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
        for (Subscribed old : subscriptions) {
            try {
                old.subscription().delete();
            } catch (Exception ignored) {
                // already gone with the old session
            }
        }
        List<Subscribed> built = new ArrayList<>();
        subscriptions = List.of();
        List<TagMapper> all = new ArrayList<>(nodes.keySet());
        int size = config.limits().maxItemsPerSubscription();
        int queueSize = queueSize(config.timing().samplingMillis(), config.timing().publishingMillis());
        for (int from = 0; from < all.size(); from += size) {
            List<TagMapper> group = List.copyOf(all.subList(from, Math.min(all.size(), from + size)));
            OpcUaSubscription subscription = new OpcUaSubscription(client, (double) config.timing().publishingMillis());
            subscription.create();
            built.add(new Subscribed(subscription, group));
            subscriptions = List.copyOf(built);
            Map<OpcUaMonitoredItem, TagMapper> items = new LinkedHashMap<>();
            for (TagMapper m : group) {
                OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(nodes.get(m));
                item.setSamplingInterval((double) config.timing().samplingMillis());
                item.setQueueSize(UInteger.valueOf(queueSize));
                item.setDiscardOldest(true); // when it overflows, the newest value (the one a tag must end with) stays
                item.setDataValueListener((i, value) -> onValue(m, value));
                subscription.addMonitoredItem(item);
                items.put(item, m);
            }
            subscription.createMonitoredItems();
            items.forEach((item, m) -> item.getCreateResult().filter(s -> !s.isGood()).ifPresent(
                    status -> runtime.tagError(m, OpcUaValues.quality(status), "server answered " + OpcUaValues.name(status))));
        }
    }

    /**
     * Values a monitored item holds between two publishes: every value sampled in two publishing intervals, at
     * least {@link #MIN_QUEUE_SIZE} for servers that report changes faster than sampling. Both instances' items queue
     * with the server's source times while a switch-over goes on, so a value is lost only when the queue overflows.
     */
    static int queueSize(long samplingMillis, long publishingMillis) {
        long perPublish = (publishingMillis + Math.max(1, samplingMillis) - 1) / Math.max(1, samplingMillis);
        return (int) Math.min(MAX_QUEUE_SIZE, Math.max(MIN_QUEUE_SIZE, 2 * perPublish));
    }

    private void onValue(TagMapper mapper, DataValue value) {
        Object raw = value.getValue() == null ? null : value.getValue().getValue();
        if (raw != null) {
            nodeTypes.put(mapper, raw.getClass());
        }
        StatusCode status = value.getStatusCode();
        Quality quality = OpcUaValues.quality(status);
        long sourceTime = sourceTime(value);
        newestSourceTime.merge(mapper, sourceTime, Math::max);
        if (!quality.isGood() && status != null) {
            runtime.error(mapper.mapping().path() + " (" + mapper.mapping().address() + "): server reports " + OpcUaValues.name(status));
        }
        runtime.publishRaw(mapper, raw, quality, sourceTime);
    }

    private static long sourceTime(DataValue value) {
        return value.getSourceTime() != null ? value.getSourceTime().getJavaTime()
                : value.getServerTime() != null ? value.getServerTime().getJavaTime() : System.currentTimeMillis();
    }

    /**
     * Taking over: reads every mapped node again, one Read per subscription, and publishes a value the bus does not
     * have (newer than and different from its value) when this instance's own subscription has delivered that value
     * or a newer one already; a newer value is still on its way through the subscription and comes in order. Applied
     * on the subscription's delivery queue, so never between two notifications. Returns once applied.
     */
    private void readAgain() throws Exception {
        OpcUaClient c = client;
        if (c == null) {
            return;
        }
        long timeout = config.timing().requestTimeoutMillis();
        List<CompletableFuture<?>> applied = new ArrayList<>();
        AtomicInteger corrected = new AtomicInteger();
        for (Subscribed s : subscriptions) {
            List<NodeId> ids = s.mappers().stream().map(nodes::get).toList();
            applied.add(c.readValuesAsync(0.0, TimestampsToReturn.Both, ids)
                    .thenCompose(values -> s.subscription().getDeliveryQueue().submit(() -> {
                        for (int i = 0; i < values.size(); i++) {
                            TagMapper m = s.mappers().get(i);
                            DataValue v = values.get(i);
                            long source = sourceTime(v);
                            Long delivered = newestSourceTime.get(m);
                            if (delivered != null && source <= delivered && runtime.publishRawIfNew(m,
                                    v.getValue() == null ? null : v.getValue().getValue(), OpcUaValues.quality(v.getStatusCode()), source)) {
                                corrected.incrementAndGet();
                            }
                        }
                    })).toCompletableFuture());
        }
        CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new)).get(timeout, TimeUnit.MILLISECONDS);
        LOG.info("Connector {} took over and read its {} nodes again: {} tags set from what was read", config.name(),
                nodes.size(), corrected.get());
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
