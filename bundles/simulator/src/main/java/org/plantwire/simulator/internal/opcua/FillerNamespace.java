package org.plantwire.simulator.internal.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.List;

import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.plantwire.simulator.internal.line.CommandRefusedException;
import org.plantwire.simulator.internal.line.FillerCommand;
import org.plantwire.simulator.internal.line.FillerLine;
import org.plantwire.simulator.internal.line.FillerSnapshot;
import org.plantwire.simulator.internal.line.SetpointOutOfRangeException;

/**
 * The filler's OPC UA address space: folder {@code Filler} under Objects, one variable per PLC value (string
 * NodeIds {@code Filler/...} in namespace {@link #NAMESPACE_URI}), refreshed from the line model by
 * {@link #publish(FillerSnapshot)}. Writes to the setpoints and the command go to the model first; what it refuses
 * is answered with Bad_OutOfRange or Bad_InvalidState and changes nothing.
 */
final class FillerNamespace extends ManagedNamespaceWithLifecycle {

    static final String NAMESPACE_URI = "urn:plantwire:simulator:filler";

    private final FillerLine line;
    private final double minimumSamplingMillis;
    private final SubscriptionModel subscriptionModel;

    private UaVariableNode temperature;
    private UaVariableNode pressure;
    private UaVariableNode fillLevel;
    private UaVariableNode speed;
    private UaVariableNode goodCount;
    private UaVariableNode rejectCount;
    private UaVariableNode state;
    private UaVariableNode faultCode;
    private UaVariableNode temperatureSetpoint;
    private UaVariableNode speedSetpoint;
    private UaVariableNode command;
    private UaVariableNode orderId;
    private UaVariableNode orderTarget;
    private UaVariableNode orderAck;
    private UaVariableNode orderGood;

    FillerNamespace(OpcUaServer server, FillerLine line, long minimumSamplingMillis) {
        super(server, NAMESPACE_URI);
        this.line = line;
        this.minimumSamplingMillis = minimumSamplingMillis;
        this.subscriptionModel = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptionModel);
        getLifecycleManager().addStartupTask(this::addNodes);
    }

    private void addNodes() {
        UaFolderNode filler = folder("Filler");
        filler.addReference(new Reference(filler.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
                false));
        UaFolderNode setpoints = folder("Filler/Setpoints");
        filler.addOrganizes(setpoints);

        temperature = variable(filler, "Filler/Temperature", NodeIds.Double, "Product temperature, °C");
        pressure = variable(filler, "Filler/Pressure", NodeIds.Double, "Filling pressure, bar");
        fillLevel = variable(filler, "Filler/FillLevel", NodeIds.Double, "Product bowl level, %");
        speed = variable(filler, "Filler/Speed", NodeIds.Double, "Filling speed, bottles/min");
        goodCount = variable(filler, "Filler/GoodCount", NodeIds.UInt32, "Good bottles filled (counts while running)");
        rejectCount = variable(filler, "Filler/RejectCount", NodeIds.UInt32, "Rejected bottles (counts while running)");
        state = variable(filler, "Filler/State", NodeIds.Int32, "0 stopped, 1 idle, 2 running, 3 fault");
        faultCode = variable(filler, "Filler/FaultCode", NodeIds.Int32,
                "0 none, 101 infeed jam, 102 capper torque, 103 fill valve, 104 guard door open");

        temperatureSetpoint = variable(setpoints, "Filler/Setpoints/Temperature", NodeIds.Double,
                "Product temperature setpoint, °C, " + FillerLine.TEMPERATURE_SETPOINT_MIN + ".."
                        + FillerLine.TEMPERATURE_SETPOINT_MAX);
        writable(temperatureSetpoint, value -> line.setTemperatureSetpoint((Double) value));
        speedSetpoint = variable(setpoints, "Filler/Setpoints/Speed", NodeIds.Double,
                "Speed setpoint, bottles/min, " + FillerLine.SPEED_SETPOINT_MIN + ".." + FillerLine.SPEED_SETPOINT_MAX);
        writable(speedSetpoint, value -> line.setSpeedSetpoint((Double) value));
        command = variable(filler, "Filler/Command", NodeIds.Int32,
                "Write 1 start, 2 stop, 3 reset; reads the last accepted command (0 = none yet)");
        writable(command, value -> line.command(FillerCommand.ofCode((Integer) value).orElseThrow(
                () -> new UaException(StatusCodes.Bad_OutOfRange, "command " + value + " is not 1, 2 or 3"))));

        UaFolderNode order = folder("Filler/Order");
        filler.addOrganizes(order);
        orderTarget = variable(order, "Filler/Order/TargetQuantity", NodeIds.Int32,
                "Target good quantity of the next order; write before Filler/Order/Id");
        writable(orderTarget, value -> line.setOrderTarget((Integer) value));
        orderId = variable(order, "Filler/Order/Id", NodeIds.String,
                "Write an order id to run it (after the target quantity); empty ends the order");
        writable(orderId, value -> line.startOrder((String) value));
        orderAck = variable(order, "Filler/Order/Ack", NodeIds.String,
                "Id of the order the filler has taken; empty = none");
        orderGood = variable(order, "Filler/Order/GoodCount", NodeIds.Int32, "Good bottles of the current order");
        set(orderId, "", DateTime.now());

        publish(line.snapshot());
    }

    /** Copies one snapshot of the model into the variables (the subscription model samples them from there). */
    void publish(FillerSnapshot s) {
        if (command == null) {
            return; // nodes not added yet
        }
        DateTime now = DateTime.now();
        set(temperature, s.temperature(), now);
        set(pressure, s.pressure(), now);
        set(fillLevel, s.fillLevel(), now);
        set(speed, s.speed(), now);
        set(goodCount, uint(s.goodCount() & 0xFFFF_FFFFL), now); // UInt32 wraps like a PLC counter
        set(rejectCount, uint(s.rejectCount() & 0xFFFF_FFFFL), now);
        set(state, s.state().code(), now);
        set(faultCode, s.fault().code(), now);
        set(temperatureSetpoint, s.temperatureSetpoint(), now);
        set(speedSetpoint, s.speedSetpoint(), now);
        set(command, s.lastCommand(), now);
        if (orderId != null) {
            set(orderAck, s.orderId(), now);
            set(orderGood, (int) s.orderGood(), now);
            set(orderTarget, (int) s.orderTarget(), now);
        }
    }

    private static void set(UaVariableNode node, Object value, DateTime now) {
        node.setValue(new DataValue(new Variant(value), StatusCode.GOOD, now));
    }

    private UaFolderNode folder(String path) {
        var folder = new UaFolderNode(getNodeContext(), newNodeId(path), newQualifiedName(lastSegment(path)),
                LocalizedText.english(lastSegment(path)));
        getNodeManager().addNode(folder);
        return folder;
    }

    private UaVariableNode variable(UaFolderNode parent, String path, NodeId dataType, String description) {
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(path))
                .setBrowseName(newQualifiedName(lastSegment(path)))
                .setDisplayName(LocalizedText.english(lastSegment(path)))
                .setDescription(LocalizedText.english(description))
                .setDataType(dataType)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .setMinimumSamplingInterval(minimumSamplingMillis)
                .build();
        getNodeManager().addNode(node);
        parent.addOrganizes(node);
        return node;
    }

    /** Makes a variable writable; a write reaches the node only if {@code apply} accepts the value. */
    private static void writable(UaVariableNode node, WriteHandler apply) {
        node.setAccessLevel(AccessLevel.toValue(AccessLevel.READ_WRITE));
        node.setUserAccessLevel(AccessLevel.toValue(AccessLevel.READ_WRITE));
        node.getFilterChain().addLast(new AttributeFilter() {
            @Override
            public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
                    throws UaException {
                if (attributeId == AttributeId.Value) {
                    // the data type was checked by Milo already (Bad_TypeMismatch otherwise)
                    Object written = ((DataValue) value).value().value();
                    try {
                        apply.accept(written);
                    } catch (SetpointOutOfRangeException e) {
                        throw new UaException(StatusCodes.Bad_OutOfRange, e.getMessage());
                    } catch (CommandRefusedException e) {
                        throw new UaException(StatusCodes.Bad_InvalidState, e.getMessage());
                    }
                }
                ctx.writeAttribute(attributeId, value);
            }
        });
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @FunctionalInterface
    private interface WriteHandler {
        void accept(Object value) throws UaException;
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
