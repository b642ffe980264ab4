package org.plantwire.deadletter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.DeadLetter;

class DeadLetterStoreTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheNewestAndSurvivesARestart() throws Exception {
        Path file = dir.resolve("dl.jsonl");
        DeadLetterStore store = new DeadLetterStore(file, 3);
        for (int i = 1; i <= 5; i++) {
            store.add(new DeadLetter(i, i % 2 == 0 ? "b" : "a", "topic/" + i, "bad " + i, "{\"x\":" + i + "}"));
        }
        assertThat(store.count(null)).isEqualTo(3);
        assertThat(store.list(null, 10)).extracting(DeadLetter::source).containsExactly("topic/3", "topic/4", "topic/5");
        assertThat(store.list("a", 10)).extracting(DeadLetter::reason).containsExactly("bad 3", "bad 5");
        assertThat(store.list(null, 1)).extracting(DeadLetter::time).containsExactly(5L);
        store.close();

        DeadLetterStore again = new DeadLetterStore(file, 3);
        assertThat(again.list(null, 10)).extracting(DeadLetter::payload).containsExactly("{\"x\":3}", "{\"x\":4}", "{\"x\":5}");
        assertThat(again.clear("a")).isEqualTo(2);
        assertThat(again.count(null)).isEqualTo(1);
        again.close();
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void fileIsCompactedAndLongPayloadsCut() throws Exception {
        Path file = dir.resolve("dl.jsonl");
        DeadLetterStore store = new DeadLetterStore(file, 10);
        for (int i = 0; i < 100; i++) {
            store.add(new DeadLetter(i, "a", "t", "r", "x".repeat(5000)));
        }
        store.close();
        assertThat(Files.readAllLines(file).size()).isLessThanOrEqualTo(20);
        assertThat(store.list(null, 1).get(0).payload()).hasSize(DeadLetter.MAX_PAYLOAD + 3);
    }
}
