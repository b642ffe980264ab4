package org.plantwire.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void valuesPrintWithoutNoise() {
        assertThat(Format.value(42L)).isEqualTo("42");
        assertThat(Format.value(42.0)).isEqualTo("42.0");
        assertThat(Format.value(21.456789)).isEqualTo("21.4568");
        assertThat(Format.value(0.5)).isEqualTo("0.5");
        assertThat(Format.value(true)).isEqualTo("true");
        assertThat(Format.value((Object) null)).isEqualTo("-");
    }

    @Test
    void agesReadAtAGlance() {
        assertThat(Format.age(1_000, 1_400)).isEqualTo("0.4s");
        assertThat(Format.age(0, 12_000)).isEqualTo("12s");
        assertThat(Format.age(0, 185_000)).isEqualTo("3m 05s");
        assertThat(Format.age(0, 7_800_000)).isEqualTo("2h 10m");
        assertThat(Format.age(0, 3 * 86_400_000L + 4 * 3_600_000L)).isEqualTo("3d 4h");
        assertThat(Format.age(5_000, 1_000)).isEqualTo("0.0s");
    }
}
