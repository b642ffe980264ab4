package org.plantwire.routes.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.plantwire.api.Quality;

class UnsPayloadTest {

    private static String json(Object value, Quality q, String unit) {
        return new String(UnsPayload.encode(value, q, 1_795_852_800_123L, unit), StandardCharsets.UTF_8);
    }

    @Test
    void documentedShape() {
        assertThat(json(23.5, Quality.GOOD, "degC"))
                .isEqualTo("{\"value\":23.5,\"quality\":\"good\",\"sourceTime\":\"2026-11-28T08:00:00.123Z\",\"unit\":\"degC\"}");
        assertThat(json(42L, Quality.GOOD, "")).isEqualTo("{\"value\":42,\"quality\":\"good\",\"sourceTime\":\"2026-11-28T08:00:00.123Z\"}");
        assertThat(json(true, Quality.UNCERTAIN_LAST_KNOWN, null))
                .isEqualTo("{\"value\":true,\"quality\":\"uncertain(last-known)\",\"sourceTime\":\"2026-11-28T08:00:00.123Z\"}");
        assertThat(json(null, Quality.BAD_NOT_CONNECTED, "bar"))
                .isEqualTo("{\"value\":null,\"quality\":\"bad(not-connected)\",\"sourceTime\":\"2026-11-28T08:00:00.123Z\",\"unit\":\"bar\"}");
        assertThat(json("say \"hi\"\n", Quality.GOOD, null)).startsWith("{\"value\":\"say \\\"hi\\\"\\n\",");
    }
}
