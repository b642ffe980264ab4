package org.plantwire.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.plantwire.buffer.BufferStatus;
import org.plantwire.plant.BufferConfig;

class BuffersCommandTest {

    @Test
    void aBufferReadsAtAGlance() {
        long now = 1_000_000_000L;
        BufferStatus waiting = new BufferStatus("woodlands-uns", "data/plantwire/buffers/woodlands-uns.mvstore",
                BufferConfig.DEFAULTS, true, 4800, 345_600, 417_792, now - 95_000, 5000, 200, 3, 1,
                List.of(new BufferStatus.Forwarder(95, true, false, "cannot connect to tcp://127.0.0.1:1883: Connection refused", now - 2_000),
                        new BufferStatus.Forwarder(112, false, false, null, 0)),
                null);
        BufferStatus broken = new BufferStatus("other-uns", "data/plantwire/buffers/other-uns.mvstore",
                new BufferConfig(1000, 64L * 1024 * 1024, 7_200_000, BufferConfig.WhenFull.DROP_NEWEST), false,
                0, 0, 0, 0, 0, 0, 0, 0, List.of(), "Buffer 'other-uns': data/plantwire/buffers/other-uns.mvstore is locked");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BuffersCommand.print(List.of(waiting, broken), now, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("woodlands-uns |    4800 | 338 KB |  408 KB | 1m 35s |     5000 |       200 | 3 (drop-oldest) |       1 | bundle 95 DISCONNECTED (+1 standing by) | cannot connect");
        assertThat(out).contains("other-uns     |       0 |    0 B |     0 B |      - |        0 |         0 | 0 (drop-newest) |       0 | NOT OPEN");
        assertThat(out).contains("is locked");
        assertThat(out).contains("woodlands-uns: keeps at most 1000000 entries, 512 MB, for 1d; when full: drop-oldest; file data/plantwire/buffers/woodlands-uns.mvstore");
        assertThat(out).contains("other-uns: keeps at most 1000 entries, 64 MB, for 2h; when full: drop-newest;");
    }
}
