package org.plantwire.buffer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.buffer.Buffer;
import org.plantwire.buffer.BufferStatus;
import org.plantwire.buffer.BufferedEntry;
import org.plantwire.plant.PublisherConfig;
import org.plantwire.plant.internal.PlantFileParser;
import org.plantwire.tagbus.internal.TagBusImpl;
import org.plantwire.testing.Await;

/** The feeding side: every change of a publisher's tags lands in its buffer, whatever the publisher does. */
class BufferServiceTest {

    private static final TagPath COUNTER = TagPath.of("acme/site/line1/counter");
    private static final TagPath OTHER = TagPath.of("acme/other/line1/counter");

    @TempDir
    Path dir;

    private TagBusImpl bus;
    private BufferService service;

    @BeforeEach
    void start() {
        bus = new TagBusImpl();
        service = new BufferService(dir, 20, bus);
    }

    @AfterEach
    void stop() {
        service.close();
        bus.close();
    }

    private static PublisherConfig publisher(String buffer) {
        return PlantFileParser.parse("site", "site.yaml", new StringReader(
                "plant: {enterprise: acme, site: site}\n"
                + "publishers:\n"
                + "  - {name: uns, protocol: mqtt, endpoint: 'tcp://127.0.0.1:1', root: uns" + buffer + "}\n"))
                .plant().publishers().get(0);
    }

    private List<Long> waiting() {
        return service.buffer("uns").orElseThrow().read(0, 100_000).stream().map(e -> (Long) e.value().value()).toList();
    }

    @Test
    void everyChangeOfThePublishersTagsIsKeptInOrderAcrossAReopen() throws Exception {
        bus.publish(COUNTER, TagValue.good(0L));
        PublisherConfig config = publisher("");
        service.add(config);
        for (long i = 1; i <= 1000; i++) {
            bus.publish(COUNTER, TagValue.good(i));
            bus.publish(OTHER, TagValue.good(i)); // not this publisher's
        }
        Await.until("all changes kept", () -> waiting().size() == 1001);
        assertThat(waiting()).isEqualTo(java.util.stream.LongStream.rangeClosed(0, 1000).boxed().toList());

        // the publisher's settings change: its buffer is reopened, nothing is lost, the feeding goes on
        PublisherConfig changed = publisher(", buffer: {maxEntries: 5000}");
        service.remove(config);
        service.add(changed);
        bus.publish(COUNTER, TagValue.good(1001L));
        Await.until("change after the reopen", () -> waiting().size() == 1002);
        assertThat(waiting().get(1001)).isEqualTo(1001L);
        BufferStatus s = service.status().get(0);
        assertThat(s.limits().maxEntries()).isEqualTo(5000);
        assertThat(s.appended()).isEqualTo(1002);
        assertThat(Files.exists(dir.resolve("uns.mvstore"))).isTrue();
    }

    @Test
    void aCorruptFileIsSetAsideAndAnEmptyBufferStarted() throws Exception {
        Files.write(dir.resolve("uns.mvstore"), new byte[8192]);
        service.add(publisher(""));
        Buffer buffer = service.buffer("uns").orElseThrow();
        bus.publish(COUNTER, TagValue.good(7L));
        Await.until("the new buffer takes changes", () -> buffer.read(0, 10).size() == 1);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("uns.mvstore.corrupt-"));
        }
    }

    @Test
    void aBufferThatCannotOpenIsListedWithTheReason() throws Exception {
        DurableQueue other = DurableQueue.open("uns", dir.resolve("uns.mvstore"), publisher("").buffer(), 20);
        try {
            service.add(publisher(""));
            assertThat(service.buffer("uns")).isEmpty();
            BufferStatus s = service.status().get(0);
            assertThat(s.open()).isFalse();
            assertThat(s.error()).contains("is locked");
        } finally {
            other.close();
        }
    }

    @Test
    void theFirstValuesAreNotKeptTwice() throws Exception {
        for (int i = 0; i < 50; i++) {
            bus.publish(TagPath.of("acme/site/line1/t" + i), TagValue.good((long) i));
        }
        service.add(publisher(""));
        bus.publish(COUNTER, TagValue.good(1L));
        Await.until("the change after the initial values", () -> waiting().contains(1L) && waiting().size() >= 51);
        List<BufferedEntry> all = service.buffer("uns").orElseThrow().read(0, 1000);
        assertThat(all.stream().map(BufferedEntry::path).distinct().count()).isEqualTo(all.size());
    }
}
