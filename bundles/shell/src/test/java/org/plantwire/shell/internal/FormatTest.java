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

    @Test
    void sizesAndDurationsOfSettings() {
        assertThat(Format.bytes(0)).isEqualTo("0 B");
        assertThat(Format.bytes(812)).isEqualTo("812 B");
        assertThat(Format.bytes(14_540)).isEqualTo("14.2 KB");
        assertThat(Format.bytes(512L * 1024 * 1024)).isEqualTo("512 MB");
        assertThat(Format.bytes(3L * 1024 * 1024 * 1024 / 2)).isEqualTo("1.5 GB");
        assertThat(Format.duration(500)).isEqualTo("500ms");
        assertThat(Format.duration(90_000)).isEqualTo("90s");
        assertThat(Format.duration(86_400_000L)).isEqualTo("1d");
        assertThat(Format.duration(7_200_000L)).isEqualTo("2h");
    }
}
