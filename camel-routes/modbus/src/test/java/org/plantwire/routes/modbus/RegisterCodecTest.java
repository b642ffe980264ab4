package org.plantwire.routes.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegisterCodecTest {

    @Test
    void everyEncodingRoundTripsInBothWordOrders() {
        Object[][] cases = {
            {"int16", -1234L}, {"uint16", 65000L}, {"int32", -70000L}, {"uint32", 4_000_000_000L},
            {"float32", 23.5}, {"float64", 1234.5678},
        };
        for (String order : new String[] {"big", "little"}) {
            for (Object[] c : cases) {
                byte[] registers = RegisterCodec.encode(c[1], (String) c[0], order);
                byte[] padded = new byte[registers.length + 4];
                System.arraycopy(registers, 0, padded, 2, registers.length);
                assertThat(RegisterCodec.decode(padded, 1, (String) c[0], order)).as(c[0] + " " + order).isEqualTo(c[1]);
            }
        }
    }

    @Test
    void wordOrderIsAsDocumented() {
        // 0x00010002 as uint32: big = 0x0001 then 0x0002; little = 0x0002 then 0x0001
        assertThat(RegisterCodec.encode(65538L, "uint32", "big")).containsExactly(0, 1, 0, 2);
        assertThat(RegisterCodec.encode(65538L, "uint32", "little")).containsExactly(0, 2, 0, 1);
        assertThat(RegisterCodec.decode(new byte[] {0, 2, 0, 1}, 0, "uint32", "little")).isEqualTo(65538L);
    }

    @Test
    void valuesThatDoNotFitAreRefused() {
        assertThatThrownBy(() -> RegisterCodec.encode(70000L, "uint16", "big"))
                .hasMessage("70000 does not fit a uint16 register (0..65535)");
        assertThatThrownBy(() -> RegisterCodec.encode(-1L, "uint32", "big"))
                .hasMessage("-1 does not fit a uint32 register (0..4294967295)");
    }

    @Test
    void bitsAreReadLeastSignificantFirst() {
        byte[] bits = {0b0000_0101, 0b0000_0001};
        assertThat(RegisterCodec.bit(bits, 0)).isTrue();
        assertThat(RegisterCodec.bit(bits, 1)).isFalse();
        assertThat(RegisterCodec.bit(bits, 2)).isTrue();
        assertThat(RegisterCodec.bit(bits, 8)).isTrue();
    }
}
