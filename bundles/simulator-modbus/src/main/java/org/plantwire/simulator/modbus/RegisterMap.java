package org.plantwire.simulator.modbus;

import java.nio.ByteBuffer;

/**
 * The capper/labeller PLC's Modbus register map (documented in the module's README.md). Addresses are the
 * 0-based protocol addresses (holding register 0 is "40001" in the 1-based notation).
 *
 * <p>Only the addresses below exist; a request that touches any other address is answered with exception 2
 * (illegal data address), as strict devices do. Holding registers 2-9 are a gap.
 */
public final class RegisterMap {

    /** Holding registers. 0-1 read/write, 10-19 read-only. */
    public static final int HR_SPEED_SETPOINT = 0;
    public static final int HR_TORQUE_SETPOINT = 1;
    public static final int HR_CAPS_APPLIED = 10;
    public static final int HR_LABELS_APPLIED = 12;
    public static final int HR_TORQUE_ACTUAL = 14;
    public static final int HR_ENERGY_KWH = 16;
    /** Number of holding-register addresses spanned (0..19); {@link #isHoldingRegister(int)} says which exist. */
    public static final int HOLDING_REGISTER_SPAN = 20;

    /** Input registers. */
    public static final int IR_MOTOR_TEMPERATURE = 0;
    public static final int IR_STATE = 1;
    public static final int INPUT_REGISTER_COUNT = 2;

    /** Coils (read/write). */
    public static final int COIL_RUN = 0;
    public static final int COIL_RESET_FAULT = 1;
    public static final int COIL_COUNT = 2;

    /** Discrete inputs. */
    public static final int DI_RUNNING = 0;
    public static final int DI_FAULT = 1;
    public static final int DI_LABEL_STOCK_LOW = 2;
    public static final int DISCRETE_INPUT_COUNT = 3;

    private RegisterMap() {
    }

    public static boolean isHoldingRegister(int address) {
        return address == HR_SPEED_SETPOINT || address == HR_TORQUE_SETPOINT
                || address >= HR_CAPS_APPLIED && address < HOLDING_REGISTER_SPAN;
    }

    public static boolean isWritableHoldingRegister(int address) {
        return address == HR_SPEED_SETPOINT || address == HR_TORQUE_SETPOINT;
    }

    /** True if every address of {@code [start, start + quantity)} is a holding register. */
    public static boolean isHoldingRegisterRange(int start, int quantity) {
        for (int address = start; address < start + quantity; address++) {
            if (!isHoldingRegister(address)) {
                return false;
            }
        }
        return quantity > 0;
    }

    /** All holding registers 0..19 (the gap 2-9 reads as 0 here; the server never serves it). */
    public static short[] holdingRegisters(CapperLabeller.Snapshot machine, WordOrder order) {
        short[] registers = new short[HOLDING_REGISTER_SPAN];
        registers[HR_SPEED_SETPOINT] = (short) machine.speedSetpoint();
        registers[HR_TORQUE_SETPOINT] = (short) machine.torqueSetpoint();
        put(registers, HR_CAPS_APPLIED, order.toRegisters(uint32(machine.capsApplied())));
        put(registers, HR_LABELS_APPLIED, order.toRegisters(uint32(machine.labelsApplied())));
        put(registers, HR_TORQUE_ACTUAL, order.toRegisters(ByteBuffer.allocate(4).putFloat(machine.torqueActualNcm()).array()));
        put(registers, HR_ENERGY_KWH, order.toRegisters(ByteBuffer.allocate(8).putDouble(machine.energyKwh()).array()));
        return registers;
    }

    public static short[] inputRegisters(CapperLabeller.Snapshot machine) {
        short[] registers = new short[INPUT_REGISTER_COUNT];
        // int16 in 0.1 °C: raw 235 = 23.5 °C
        registers[IR_MOTOR_TEMPERATURE] = (short) Math.round(machine.motorCelsius() * 10);
        registers[IR_STATE] = (short) machine.state().code();
        return registers;
    }

    public static boolean[] coils(CapperLabeller.Snapshot machine) {
        return new boolean[] {machine.runCommand(), machine.resetFaultCommand()};
    }

    public static boolean[] discreteInputs(CapperLabeller.Snapshot machine) {
        return new boolean[] {machine.running(), machine.fault(), machine.labelStockLow()};
    }

    private static byte[] uint32(long value) {
        return ByteBuffer.allocate(4).putInt((int) value).array();
    }

    private static void put(short[] registers, int address, short[] value) {
        System.arraycopy(value, 0, registers, address, value.length);
    }
}
