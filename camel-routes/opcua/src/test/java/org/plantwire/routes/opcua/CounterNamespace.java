package org.plantwire.routes.opcua;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * One Int64 node, {@code Counter}, that reports every change to every monitored item the moment it happens (like a
 * PLC with event-driven items, not sampled), so a test knows every value a client can see. Counts the Reads of its
 * value.
 */
final class CounterNamespace extends ManagedNamespaceWithLifecycle {

    static final String URI = "urn:plantwire:test:counter";

    private final List<DataItem> items = new CopyOnWriteArrayList<>();
    private final AtomicLong reads = new AtomicLong();
    private UaVariableNode counter;

    CounterNamespace(OpcUaServer server) {
        super(server, URI);
        getLifecycleManager().addStartupTask(this::addNode);
    }

    private void addNode() {
        counter = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId("Counter"))
                .setBrowseName(newQualifiedName("Counter"))
                .setDisplayName(LocalizedText.english("Counter"))
                .setDataType(NodeIds.Int64)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .setMinimumSamplingInterval(0.0)
                .build();
        counter.getFilterChain().addLast(new AttributeFilter() {
            @Override
            public Object readAttribute(AttributeFilterContext ctx, AttributeId attributeId) throws UaException {
                if (attributeId == AttributeId.Value) {
                    reads.incrementAndGet();
                }
                return ctx.readAttribute(attributeId);
            }
        });
        getNodeManager().addNode(counter);
        set(0);
    }

    /** The node's NodeId as a plant file writes it. */
    String address() {
        return "ns=" + getNamespaceIndex() + ";s=Counter";
    }

    /** The counter's next value: to the node (for Reads) and queued at every monitored item. */
    synchronized void set(long value) {
        DataValue v = new DataValue(new Variant(value), StatusCode.GOOD, DateTime.now());
        counter.setValue(v);
        for (DataItem item : items) {
            item.setValue(v);
        }
    }

    /** Reads of the counter's value so far. */
    long reads() {
        return reads.get();
    }

    @Override
    public synchronized void onDataItemsCreated(List<DataItem> dataItems) {
        for (DataItem item : dataItems) {
            items.add(item);
            item.setValue(counter.getValue()); // the first notification: the current value
        }
    }

    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> dataItems) {
        items.removeAll(dataItems);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
    }
}
