package org.plantwire.tagbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;

import org.junit.jupiter.api.Test;
import org.plantwire.api.ConnectorSummary;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;

/** The DS component without a framework: configuration and the TagOwner whiteboard. */
class TagBusComponentTest {

    private static TagBusConfiguration config(int capacity, long timeout) {
        return new TagBusConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TagBusConfiguration.class;
            }

            @Override
            public int queueCapacity() {
                return capacity;
            }

            @Override
            public long writeTimeoutMillis() {
                return timeout;
            }
        };
    }

    @Test
    void configurationAppliesAndBadValuesFallBackToDefaults() {
        TagBusComponent c = new TagBusComponent(config(1000, 500));
        try {
            assertThat(c.bus().settings()).isEqualTo(new TagBusSettings(1000, 500));
            c.modified(config(0, -1));
            assertThat(c.bus().settings()).isEqualTo(TagBusSettings.defaults());
        } finally {
            c.deactivate();
        }
        assertThat(c.bus().isClosed()).isTrue();
    }

    @Test
    void ownerServicesAreRegisteredAndUnregistered() {
        TagBusComponent c = new TagBusComponent(config(1000, 500));
        try {
            TagPath p = TagPath.of("acme/wb/x");
            TestOwner owner = new TestOwner("wb", "acme/wb/#");
            c.addOwner(owner);
            c.addOwner(new TestOwner("wb", "acme/other/#")); // duplicate name: logged, not registered
            c.publish(p, 1.0);
            assertThat(c.connectors()).extracting(ConnectorSummary::name).containsExactly("wb");
            assertThat(c.info(p).orElseThrow().owner()).isEqualTo("wb");

            c.removeOwner(owner);
            c.removeOwner(owner); // unknown by now: ignored
            assertThat(c.connectors()).isEmpty();
            assertThat(c.read(p).orElseThrow().quality()).isEqualTo(Quality.UNCERTAIN_LAST_KNOWN);
        } finally {
            c.deactivate();
        }
    }
}
