package org.plantwire.historian.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class TimeArgsTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final long NOW = 1_764_316_800_000L; // 2025-11-28T08:00:00Z

    @Test
    void timesAndDurationsInEveryAcceptedForm() {
        assertThat(TimeArgs.time("--from", "now", NOW, UTC)).isEqualTo(NOW);
        assertThat(TimeArgs.time("--from", "-15m", NOW, UTC)).isEqualTo(NOW - 900_000);
        assertThat(TimeArgs.time("--from", "2025-11-28T06:00:00Z", NOW, UTC)).isEqualTo(NOW - 7_200_000);
        assertThat(TimeArgs.time("--from", "2025-11-28T09:00:00+02:00", NOW, UTC)).isEqualTo(NOW - 3_600_000);
        assertThat(TimeArgs.time("--from", "2025-11-28 07:00", NOW, UTC)).isEqualTo(NOW - 3_600_000);
        assertThat(TimeArgs.time("--from", "2025-11-28", NOW, UTC)).isEqualTo(NOW - 8 * 3_600_000);
        assertThat(TimeArgs.duration("--interval", "1m")).isEqualTo(60_000);
        assertThat(TimeArgs.duration("--interval", "250ms")).isEqualTo(250);
    }

    @Test
    void badInputSaysWhatIsAccepted() {
        assertThatThrownBy(() -> TimeArgs.time("--to", "yesterday", NOW, UTC))
                .hasMessageStartingWith("--to 'yesterday' is not a time; write now, a time ago (-15m, -2h, -7d)");
        assertThatThrownBy(() -> TimeArgs.time("--from", "-2 weeks", NOW, UTC)).hasMessageContaining("is not a time");
        assertThatThrownBy(() -> TimeArgs.duration("--interval", "0s")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> TimeArgs.duration("--interval", "fast"))
                .hasMessage("--interval 'fast' is not a duration; write e.g. 500ms, 10s, 1m, 2h or 1d");
    }

    @Test
    void numbersForPeople() {
        assertThat(TimeArgs.number(2.46061234)).isEqualTo("2.4606");
        assertThat(TimeArgs.number(300.0)).isEqualTo("300");
        assertThat(TimeArgs.number(7L)).isEqualTo("7");
        assertThat(TimeArgs.size(1536)).isEqualTo("1.5 KB");
    }
}
