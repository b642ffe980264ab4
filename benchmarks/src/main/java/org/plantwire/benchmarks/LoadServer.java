package org.plantwire.benchmarks;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * The load's OPC UA server (Eclipse Milo server SDK) on a free port of 127.0.0.1, security None, anonymous: one
 * folder {@code Load} with Double variables {@code ns=2;s=Load/T0 .. Load/T<n-1>}. Milo's {@link SubscriptionModel}
 * samples them at each monitored item's sampling interval, as a PLC's OPC UA server polls its tags.
 */
final class LoadServer implements AutoCloseable {

    static final String NAMESPACE_URI = "urn:plantwire:benchmark:load";

    private final OpcUaServer server;
    private final LoadNamespace namespace;
    private final String endpointUrl;

    private LoadServer(OpcUaServer server, LoadNamespace namespace, String endpointUrl) {
        this.server = server;
        this.namespace = namespace;
        this.endpointUrl = endpointUrl;
    }

    static LoadServer start(int tags) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            port = s.getLocalPort();
        }
        EndpointConfig endpoint = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress("127.0.0.1")
                .setBindPort(port)
                .setHostname("127.0.0.1")
                .setPath("")
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .build();
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri("urn:plantwire:benchmark:server")
                .setApplicationName(LocalizedText.english("Plantwire end-to-end benchmark load"))
                .setProductUri("urn:plantwire:benchmark:server")
                .setEndpoints(Set.of(endpoint))
                // security None only: no server certificate is needed
                .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .build();
        OpcUaServer server = new OpcUaServer(config, profile -> new OpcTcpServerTransport(
                OpcTcpServerTransportConfig.newBuilder().build()));
        LoadNamespace namespace = new LoadNamespace(server, tags);
        namespace.startup();
        server.startup().get(10, TimeUnit.SECONDS);
        return new LoadServer(server, namespace, "opc.tcp://127.0.0.1:" + port);
    }

    String endpointUrl() {
        return endpointUrl;
    }

    /** Sets every variable to {@code sequence}, each with the current time as its source time. */
    void setAll(long sequence) {
        namespace.setAll(sequence);
    }

    @Override
    public void close() {
        server.shutdown();
        namespace.shutdown();
    }

    private static final class LoadNamespace extends ManagedNamespaceWithLifecycle {

        private final UaVariableNode[] variables;
        private final SubscriptionModel subscriptionModel;

        LoadNamespace(OpcUaServer server, int tags) {
            super(server, NAMESPACE_URI);
            this.variables = new UaVariableNode[tags];
            this.subscriptionModel = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptionModel);
            getLifecycleManager().addStartupTask(this::addNodes);
        }

        private void addNodes() {
            UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId("Load"), newQualifiedName("Load"),
                    LocalizedText.english("Load"));
            getNodeManager().addNode(folder);
            folder.addReference(new Reference(folder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
                    false));
            DataValue initial = new DataValue(new Variant(0.0), StatusCode.GOOD, DateTime.now());
            for (int i = 0; i < variables.length; i++) {
                String name = "T" + i;
                UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                        .setNodeId(newNodeId("Load/" + name))
                        .setBrowseName(newQualifiedName(name))
                        .setDisplayName(LocalizedText.english(name))
                        .setDataType(NodeIds.Double)
                        .setTypeDefinition(NodeIds.BaseDataVariableType)
                        .setAccessLevel(AccessLevel.READ_ONLY)
                        .setUserAccessLevel(AccessLevel.READ_ONLY)
                        .setMinimumSamplingInterval(0.0) // the client's sampling interval is taken as asked
                        .build();
                node.setValue(initial);
                getNodeManager().addNode(node);
                folder.addOrganizes(node);
                variables[i] = node;
            }
        }

        void setAll(long sequence) {
            Variant value = new Variant((double) sequence);
            for (UaVariableNode v : variables) {
                v.setValue(new DataValue(value, StatusCode.GOOD, DateTime.now()));
            }
        }

        @Override
        public void onDataItemsCreated(List<DataItem> dataItems) {
            subscriptionModel.onDataItemsCreated(dataItems);
        }

        @Override
        public void onDataItemsModified(List<DataItem> dataItems) {
            subscriptionModel.onDataItemsModified(dataItems);
        }

        @Override
        public void onDataItemsDeleted(List<DataItem> dataItems) {
            subscriptionModel.onDataItemsDeleted(dataItems);
        }

        @Override
        public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
            subscriptionModel.onMonitoringModeChanged(monitoredItems);
        }
    }
}
