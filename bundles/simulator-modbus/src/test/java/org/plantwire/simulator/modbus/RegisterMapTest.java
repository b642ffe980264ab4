package org.plantwire.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class RegisterMapTest {

    private static final CapperLabeller.Snapshot SNAPSHOT = new CapperLabeller.Snapshot(MachineState.RUNNING, true, false,
            300, 180, 0x0001_0002L, 0xFFFF_FFFFL, 1.5f, 1234.5678, 23.46, true);

    @Test
    void encodesEveryValueBigEndianWordsByDefault() {
        short[] hr = RegisterMap.holdingRegisters(SNAPSHOT, WordOrder.ABCD);
        assertThat(hr[RegisterMap.HR_SPEED_SETPOINT]).isEqualTo((short) 300);
        assertThat(hr[RegisterMap.HR_TORQUE_SETPOINT]).isEqualTo((short) 180);
        assertThat(hr[10]).isEqualTo((short) 1);
        assertThat(hr[11]).isEqualTo((short) 2);
        assertThat(hr[12]).isEqualTo((short) 0xFFFF);
        assertThat(hr[13]).isEqualTo((short) 0xFFFF);
        // 1.5f = 0x3FC00000
        assertThat(hr[14]).isEqualTo((short) 0x3FC0);
        assertThat(hr[15]).isEqualTo((short) 0);
        ByteBuffer energy = ByteBuffer.allocate(8);
        for (int i = 16; i < 20; i++) {
            energy.putShort(hr[i]);
        }
        assertThat(energy.getDouble(0)).isEqualTo(1234.5678);

        short[] ir = RegisterMap.inputRegisters(SNAPSHOT);
        assertThat(ir[RegisterMap.IR_MOTOR_TEMPERATURE]).isEqualTo((short) 235);
        assertThat(ir[RegisterMap.IR_STATE]).isEqualTo((short) 2);
        assertThat(RegisterMap.coils(SNAPSHOT)).containsExactly(true, false);
        assertThat(RegisterMap.discreteInputs(SNAPSHOT)).containsExactly(true, false, true);
    }

    @Test
    void negativeTemperaturesAreTwosComplement() {
        CapperLabeller.Snapshot cold = new CapperLabeller.Snapshot(MachineState.STOPPED, false, false, 0, 50, 0, 0, 0f, 0,
                -5.2, false);
        assertThat(RegisterMap.inputRegisters(cold)[0]).isEqualTo((short) -52);
    }

    @Test
    void wordOrdersLayOutTheBytesAsNamed() {
        byte[] abcd = {0x0A, 0x0B, 0x0C, 0x0D};
        assertThat(WordOrder.ABCD.toRegisters(abcd)).containsExactly((short) 0x0A0B, (short) 0x0C0D);
        assertThat(WordOrder.CDAB.toRegisters(abcd)).containsExactly((short) 0x0C0D, (short) 0x0A0B);
        assertThat(WordOrder.BADC.toRegisters(abcd)).containsExactly((short) 0x0B0A, (short) 0x0D0C);
        assertThat(WordOrder.DCBA.toRegisters(abcd)).containsExactly((short) 0x0D0C, (short) 0x0B0A);
        byte[] eight = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThat(WordOrder.CDAB.toRegisters(eight)).containsExactly((short) 0x0708, (short) 0x0506, (short) 0x0304, (short) 0x0102);
        for (WordOrder order : WordOrder.values()) {
            assertThat(order.fromRegisters(order.toRegisters(eight))).containsExactly(eight);
        }
    }

    @Test
    void onlyMappedAddressesExist() {
        assertThat(RegisterMap.isHoldingRegisterRange(0, 2)).isTrue();
        assertThat(RegisterMap.isHoldingRegisterRange(10, 10)).isTrue();
        assertThat(RegisterMap.isHoldingRegisterRange(0, 3)).isFalse();   // runs into the gap 2-9
        assertThat(RegisterMap.isHoldingRegisterRange(0, 20)).isFalse();
        assertThat(RegisterMap.isHoldingRegisterRange(19, 2)).isFalse();
        assertThat(RegisterMap.isHoldingRegisterRange(5, 1)).isFalse();
        assertThat(RegisterMap.isHoldingRegisterRange(10, 0)).isFalse();
        assertThat(RegisterMap.isWritableHoldingRegister(1)).isTrue();
        assertThat(RegisterMap.isWritableHoldingRegister(10)).isFalse();
    }
}
