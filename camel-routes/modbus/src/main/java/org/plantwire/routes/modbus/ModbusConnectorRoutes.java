package org.plantwire.routes.modbus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.plantwire.api.Quality;
import org.plantwire.api.TagBus;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.SwitchBoard;
import org.plantwire.api.spi.WriteRequest;
import org.plantwire.connector.ConnectorRuntime;
import org.plantwire.connector.TagMapper;
import org.plantwire.plant.ConnectorConfig;
import org.plantwire.plant.TagMapping;

import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;

/**
 * One Modbus TCP connector: a timer route polls the device every {@code pollMillis} in as few requests as its tag
 * map allows ({@link ReadPlan}), decodes the registers and publishes the tags. A device that answers "illegal data
 * address" for a batch is asked tag by tag, so only the tags it does not have turn bad(not-found) and the others keep
 * flowing; those tags are tried again every 30 s and after a reconnect. A device that goes away turns every tag
 * bad(not-connected); the connector reconnects with back-off and reads everything again when it is back.
 *
 * <p>Make-before-break: beside a running version of this connector it stands by with its own connection, polling
 * at the normal rate, its values kept by the {@link ConnectorRuntime} (PLCs take several clients). Taking over, it
 * polls once at once rather than waiting for the timer.
 *
 * <p>Modbus is spoken with the digitalpetri library rather than camel-plc4x: PLC4X 0.13.1 could not keep its
 * batches to contiguous ranges, did not reconnect, dropped writes while the device was away and leaked connections
 * (see the closing note of the first-plant issue).
 */
final class ModbusConnectorRoutes extends RouteBuilder {

    private static final long RETRY_REFUSED_MILLIS = 30_000;

    private final ConnectorConfig config;
    private final TagBus bus;
    private final SwitchBoard board;
    private final long bundleId;
    private ConnectorRuntime runtime;
    private ModbusDevice device;
    private List<ReadPlan.Batch> plan;
    private final Set<TagMapper> refused = new HashSet<>();
    private long refusedSince;
    private long nextAttempt;
    private long backoff;

    ModbusConnectorRoutes(ConnectorConfig config, TagBus bus) {
        this(config, bus, null, -1);
    }

    /**
     * @param board    the switch board to join (null: always active)
     * @param bundleId the bundle this instance runs in
     */
    ModbusConnectorRoutes(ConnectorConfig config, TagBus bus, SwitchBoard board, long bundleId) {
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
                poll(); // the newest values now, not up to a poll period later
            }
        });
        device = new ModbusDevice(config);
        backoff = config.timing().reconnectMinMillis();
        replan();
        getContext().addService(new ServiceSupport() {
            @Override
            protected void doStart() {
                runtime.start();
            }

            @Override
            protected void doStop() {
                device.close();
                runtime.close();
            }
        }, true, true);

        from("timer:" + config.name() + "-poll?delay=0&period=" + config.timing().pollMillis())
                .routeId(config.name() + "-poll")
                .process(e -> poll());
    }

    private void replan() {
        List<TagMapper> readable = new ArrayList<>(runtime.mappers());
        readable.removeAll(refused);
        plan = ReadPlan.plan(readable, config.limits().maxRegistersPerRequest(), config.limits().maxGap());
    }

    /** One poll cycle: (re)connect if needed, then read every batch. On the timer's thread, or taking over. */
    private synchronized void poll() {
        long now = System.currentTimeMillis();
        if (!device.isConnected()) {
            if (now < nextAttempt) {
                return;
            }
            try {
                device.connect();
                backoff = config.timing().reconnectMinMillis();
                refused.clear();
                replan();
                runtime.connected();
            } catch (Exception e) {
                device.disconnectQuietly();
                runtime.disconnected("cannot connect to " + device.address() + ": " + ModbusDevice.describe(e));
                nextAttempt = now + backoff;
                backoff = Math.min(backoff * 2, config.timing().reconnectMaxMillis());
                return;
            }
        }
        if (!refused.isEmpty() && now - refusedSince > RETRY_REFUSED_MILLIS) {
            refused.clear();
            replan();
        }
        for (ReadPlan.Batch batch : plan) {
            try {
                read(batch, System.currentTimeMillis());
            } catch (ModbusResponseException e) {
                refusedBatch(batch, e);
            } catch (Exception e) {
                // time-out or connection closed: the device is gone until a reconnect works
                device.disconnectQuietly();
                runtime.disconnected("lost " + device.address() + ": " + ModbusDevice.describe(e));
                nextAttempt = System.currentTimeMillis() + config.timing().reconnectMinMillis();
                return;
            }
        }
    }

    private void read(ReadPlan.Batch batch, long now) throws Exception {
        var client = device.client();
        int unit = device.unitId();
        runtime.countMessage();
        switch (batch.table()) {
            case "holding":
                publishRegisters(batch, client.readHoldingRegisters(unit, new ReadHoldingRegistersRequest(batch.start(), batch.count())).registers(), now);
                break;
            case "input":
                publishRegisters(batch, client.readInputRegisters(unit, new ReadInputRegistersRequest(batch.start(), batch.count())).registers(), now);
                break;
            case "coil":
                publishBits(batch, client.readCoils(unit, new ReadCoilsRequest(batch.start(), batch.count())).coils(), now);
                break;
            default:
                publishBits(batch, client.readDiscreteInputs(unit, new ReadDiscreteInputsRequest(batch.start(), batch.count())).inputs(), now);
                break;
        }
    }

    private void publishRegisters(ReadPlan.Batch batch, byte[] registers, long now) {
        for (ReadPlan.Slot slot : batch.slots()) {
            TagMapping m = slot.mapper().mapping();
            Object raw = RegisterCodec.decode(registers, slot.offset(), m.encoding(), m.wordOrder());
            runtime.publishRaw(slot.mapper(), raw, Quality.GOOD, now);
        }
    }

    private void publishBits(ReadPlan.Batch batch, byte[] bits, long now) {
        for (ReadPlan.Slot slot : batch.slots()) {
            runtime.publishRaw(slot.mapper(), RegisterCodec.bit(bits, slot.offset()), Quality.GOOD, now);
        }
    }

    /**
     * The device refused a whole batch: ask tag by tag, so only the tags it does not have turn bad and are left out
     * of the plan (until the next retry).
     */
    private void refusedBatch(ReadPlan.Batch batch, ModbusResponseException e) {
        if (batch.slots().size() == 1) {
            refuse(batch.slots().get(0).mapper(), e);
            replan();
            return;
        }
        for (ReadPlan.Slot slot : batch.slots()) {
            ReadPlan.Batch single = ReadPlan.plan(List.of(slot.mapper()), 125, 0).get(0);
            try {
                read(single, System.currentTimeMillis());
            } catch (ModbusResponseException one) {
                refuse(slot.mapper(), one);
            } catch (Exception other) {
                runtime.tagError(slot.mapper(), Quality.BAD_COMM_FAILURE, ModbusDevice.describe(other));
            }
        }
        replan();
    }

    private void refuse(TagMapper mapper, ModbusResponseException e) {
        boolean notFound = e.getExceptionCode() == 2;
        runtime.tagError(mapper, notFound ? Quality.BAD_NOT_FOUND : Quality.BAD_DEVICE_FAILURE, ModbusDevice.describe(e));
        if (refused.isEmpty()) {
            refusedSince = System.currentTimeMillis();
        }
        refused.add(mapper);
    }

    private CompletionStage<WriteResult> write(TagMapping mapping, Object raw, WriteRequest request) {
        int address = Integer.parseInt(mapping.address().substring(mapping.address().indexOf(':') + 1));
        var client = device.client();
        int unit = device.unitId();
        CompletionStage<?> sent;
        try {
            if (mapping.address().startsWith("coil:")) {
                sent = client.writeSingleCoilAsync(unit, new WriteSingleCoilRequest(address, (Boolean) raw));
            } else {
                byte[] registers = RegisterCodec.encode(raw, mapping.encoding(), mapping.wordOrder());
                sent = registers.length == 2
                        ? client.writeSingleRegisterAsync(unit, new WriteSingleRegisterRequest(address,
                                ((registers[0] & 0xFF) << 8) | (registers[1] & 0xFF)))
                        : client.writeMultipleRegistersAsync(unit, new WriteMultipleRegistersRequest(address, registers.length / 2, registers));
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(WriteResult.failed(request.path(), request.value(), e.getMessage()));
        }
        return sent.handle((ok, e) -> e == null
                ? WriteResult.ok(request.path(), request.value(), "written to " + mapping.address())
                : WriteResult.failed(request.path(), request.value(), ModbusDevice.describe(e)));
    }
}
