package org.plantwire.simulator.modbus.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLongArray;

import org.plantwire.simulator.modbus.CapperLabeller;
import org.plantwire.simulator.modbus.RegisterMap;
import org.plantwire.simulator.modbus.WordOrder;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.FunctionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadCoilsResponse;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsRequest;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsResponse;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteMultipleCoilsRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleCoilsResponse;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilResponse;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterResponse;
import com.digitalpetri.modbus.server.ModbusRequestContext;
import com.digitalpetri.modbus.server.ModbusServices;

/**
 * Answers Modbus requests from the machine model through the {@link RegisterMap}, strictly: any address
 * outside the map is exception 2, a quantity outside the protocol limits or a setpoint out of range is
 * exception 3, another unit id is exception 11 (as a gateway with no such device answers). Counts the requests
 * per function code, so tests can check how many requests a client needed.
 */
public final class CapperLabellerServices implements ModbusServices {

    private static final int MAX_REGISTERS_PER_READ = 125;
    private static final int MAX_REGISTERS_PER_WRITE = 123;
    private static final int MAX_BITS_PER_READ = 2000;
    private static final int MAX_BITS_PER_WRITE = 1968;
    private static final int COIL_ON = 0xFF00;

    private final CapperLabeller machine;
    private final int unitId;
    private final WordOrder wordOrder;
    private final AtomicLongArray requestCounts = new AtomicLongArray(128);

    public CapperLabellerServices(CapperLabeller machine, int unitId, WordOrder wordOrder) {
        this.machine = machine;
        this.unitId = unitId;
        this.wordOrder = wordOrder;
    }

    /** Requests received with this function code (answered or refused) since the services were created. */
    public long requestCount(int functionCode) {
        return functionCode >= 0 && functionCode < requestCounts.length() ? requestCounts.get(functionCode) : 0;
    }

    @Override
    public ReadHoldingRegistersResponse readHoldingRegisters(ModbusRequestContext context, int unitId,
            ReadHoldingRegistersRequest request) throws ModbusResponseException {
        FunctionCode fc = FunctionCode.READ_HOLDING_REGISTERS;
        accept(fc, unitId);
        checkQuantity(fc, request.quantity(), MAX_REGISTERS_PER_READ);
        checkAddress(fc, RegisterMap.isHoldingRegisterRange(request.address(), request.quantity()));
        short[] all = RegisterMap.holdingRegisters(machine.snapshot(), wordOrder);
        return new ReadHoldingRegistersResponse(toBytes(all, request.address(), request.quantity()));
    }

    @Override
    public ReadInputRegistersResponse readInputRegisters(ModbusRequestContext context, int unitId,
            ReadInputRegistersRequest request) throws ModbusResponseException {
        FunctionCode fc = FunctionCode.READ_INPUT_REGISTERS;
        accept(fc, unitId);
        checkQuantity(fc, request.quantity(), MAX_REGISTERS_PER_READ);
        checkAddress(fc, inRange(request.address(), request.quantity(), RegisterMap.INPUT_REGISTER_COUNT));
        short[] all = RegisterMap.inputRegisters(machine.snapshot());
        return new ReadInputRegistersResponse(toBytes(all, request.address(), request.quantity()));
    }

    @Override
    public ReadCoilsResponse readCoils(ModbusRequestContext context, int unitId, ReadCoilsRequest request)
            throws ModbusResponseException {
        FunctionCode fc = FunctionCode.READ_COILS;
        accept(fc, unitId);
        checkQuantity(fc, request.quantity(), MAX_BITS_PER_READ);
        checkAddress(fc, inRange(request.address(), request.quantity(), RegisterMap.COIL_COUNT));
        boolean[] all = RegisterMap.coils(machine.snapshot());
        return new ReadCoilsResponse(packBits(all, request.address(), request.quantity()));
    }

    @Override
    public ReadDiscreteInputsResponse readDiscreteInputs(ModbusRequestContext context, int unitId,
            ReadDiscreteInputsRequest request) throws ModbusResponseException {
        FunctionCode fc = FunctionCode.READ_DISCRETE_INPUTS;
        accept(fc, unitId);
        checkQuantity(fc, request.quantity(), MAX_BITS_PER_READ);
        checkAddress(fc, inRange(request.address(), request.quantity(), RegisterMap.DISCRETE_INPUT_COUNT));
        boolean[] all = RegisterMap.discreteInputs(machine.snapshot());
        return new ReadDiscreteInputsResponse(packBits(all, request.address(), request.quantity()));
    }

    @Override
    public WriteSingleRegisterResponse writeSingleRegister(ModbusRequestContext context, int unitId,
            WriteSingleRegisterRequest request) throws ModbusResponseException {
        FunctionCode fc = FunctionCode.WRITE_SINGLE_REGISTER;
        accept(fc, unitId);
        checkAddress(fc, RegisterMap.isWritableHoldingRegister(request.address()));
        synchronized (machine) {
            writeRegister(fc, request.address(), request.value());
        }
        return new WriteSingleRegisterResponse(request.address(), request.value());
    }

    @Override
    public WriteMultipleRegistersResponse writeMultipleRegisters(ModbusRequestContext context, int unitId,
            WriteMultipleRegistersRequest request) throws ModbusResponseException {
        FunctionCode fc = FunctionCode.WRITE_MULTIPLE_REGISTERS;
        accept(fc, unitId);
        checkQuantity(fc, request.quantity(), MAX_REGISTERS_PER_WRITE);
        if (request.values().length != request.quantity() * 2) {
            throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
        }
        for (int i = 0; i < request.quantity(); i++) {
            checkAddress(fc, RegisterMap.isWritableHoldingRegister(request.address() + i));
        }
        ByteBuffer values = ByteBuffer.wrap(request.values());
        // All or nothing: check every value before changing anything.
        synchronized (machine) {
            CapperLabeller.Snapshot before = machine.snapshot();
            try {
                for (int i = 0; i < request.quantity(); i++) {
                    writeRegister(fc, request.address() + i, values.getShort() & 0xFFFF);
                }
            } catch (ModbusResponseException e) {
                machine.setSpeedSetpoint(before.speedSetpoint());
                machine.setTorqueSetpoint(before.torqueSetpoint());
                throw e;
            }
        }
        return new WriteMultipleRegistersResponse(request.address(), request.quantity());
    }

    @Override
    public WriteSingleCoilResponse writeSingleCoil(ModbusRequestContext context, int unitId,
            WriteSingleCoilRequest request) throws ModbusResponseException {
        FunctionCode fc = FunctionCode.WRITE_SINGLE_COIL;
        accept(fc, unitId);
        checkAddress(fc, inRange(request.address(), 1, RegisterMap.COIL_COUNT));
        if (request.value() != COIL_ON && request.value() != 0) {
            throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
        }
        writeCoil(request.address(), request.value() == COIL_ON);
        return new WriteSingleCoilResponse(request.address(), request.value());
    }

    @Override
    public WriteMultipleCoilsResponse writeMultipleCoils(ModbusRequestContext context, int unitId,
            WriteMultipleCoilsRequest request) throws ModbusResponseException {
        FunctionCode fc = FunctionCode.WRITE_MULTIPLE_COILS;
        accept(fc, unitId);
        checkQuantity(fc, request.quantity(), MAX_BITS_PER_WRITE);
        if (request.values().length != (request.quantity() + 7) / 8) {
            throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
        }
        checkAddress(fc, inRange(request.address(), request.quantity(), RegisterMap.COIL_COUNT));
        synchronized (machine) {
            for (int i = 0; i < request.quantity(); i++) {
                boolean on = (request.values()[i / 8] & (1 << (i % 8))) != 0;
                writeCoil(request.address() + i, on);
            }
        }
        return new WriteMultipleCoilsResponse(request.address(), request.quantity());
    }

    private void accept(FunctionCode fc, int requestedUnitId) throws ModbusResponseException {
        requestCounts.incrementAndGet(fc.getCode());
        if (requestedUnitId != unitId) {
            throw new ModbusResponseException(fc, ExceptionCode.GATEWAY_TARGET_DEVICE_FAILED_TO_RESPONSE);
        }
    }

    private void writeRegister(FunctionCode fc, int address, int value) throws ModbusResponseException {
        try {
            if (address == RegisterMap.HR_SPEED_SETPOINT) {
                machine.setSpeedSetpoint(value);
            } else {
                machine.setTorqueSetpoint(value);
            }
        } catch (IllegalArgumentException outOfRange) {
            throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
        }
    }

    private void writeCoil(int address, boolean on) {
        if (address == RegisterMap.COIL_RUN) {
            machine.setRunCommand(on);
        } else {
            machine.setResetFaultCommand(on);
        }
    }

    private static void checkQuantity(FunctionCode fc, int quantity, int max) throws ModbusResponseException {
        if (quantity < 1 || quantity > max) {
            throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_VALUE);
        }
    }

    private static void checkAddress(FunctionCode fc, boolean mapped) throws ModbusResponseException {
        if (!mapped) {
            throw new ModbusResponseException(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS);
        }
    }

    private static boolean inRange(int start, int quantity, int count) {
        return start >= 0 && start + quantity <= count;
    }

    private static byte[] toBytes(short[] registers, int start, int quantity) {
        ByteBuffer bytes = ByteBuffer.allocate(quantity * 2);
        for (int i = start; i < start + quantity; i++) {
            bytes.putShort(registers[i]);
        }
        return bytes.array();
    }

    /** Modbus bit order: the first bit is the least significant bit of the first byte. */
    private static byte[] packBits(boolean[] bits, int start, int quantity) {
        byte[] packed = new byte[(quantity + 7) / 8];
        for (int i = 0; i < quantity; i++) {
            if (bits[start + i]) {
                packed[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return packed;
    }
}
