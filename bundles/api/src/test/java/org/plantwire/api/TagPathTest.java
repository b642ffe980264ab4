package org.plantwire.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagPathTest {

    @Test
    void parsesSegmentsAndKeepsText() {
        TagPath p = TagPath.of("acme/woodlands/packaging/line1/filler/temperature");
        assertThat(p.size()).isEqualTo(6);
        assertThat(p.segment(0)).isEqualTo("acme");
        assertThat(p.name()).isEqualTo("temperature");
        assertThat(p).hasToString("acme/woodlands/packaging/line1/filler/temperature");
        assertThat(p.parent()).isEqualTo(TagPath.of("acme/woodlands/packaging/line1/filler"));
        assertThat(p.startsWith(TagPath.of("acme/woodlands"))).isTrue();
        assertThat(p.startsWith(TagPath.of("acme/wood"))).isFalse();
        assertThat(TagPath.of("acme", "site", "x-1_b.c")).isEqualTo(TagPath.of("acme/site/x-1_b.c"));
        assertThat(TagPath.of("acme/site").parent()).isNull();
        assertThat(TagPath.of("acme/site").child("line1")).isEqualTo(TagPath.of("acme/site/line1"));
    }

    @Test
    void equalityHashAndOrder() {
        assertThat(TagPath.of("a/b")).isEqualTo(TagPath.of("a/b")).hasSameHashCodeAs(TagPath.of("a/b"));
        assertThat(TagPath.of("a/B")).isNotEqualTo(TagPath.of("a/b")); // case sensitive
        assertThat(TagPath.of("a/b").compareTo(TagPath.of("a/c"))).isNegative();
    }

    @Test
    void segmentsCopyDoesNotLeakInternalArray() {
        TagPath p = TagPath.of("a/b");
        p.segments()[0] = "x";
        assertThat(p.segment(0)).isEqualTo("a");
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"                      | must not be empty",
            "\"   \"                   | must not be empty",
            "/acme/site              | must not start with '/'",
            "acme/site/              | must not end with '/'",
            "acme//site              | segment 2 is empty",
            "acme                    | it has 1 segment but needs at least 2",
            "acme/si te              | segment 2 ('si te') contains whitespace at position 3",
            "acme/+/temp             | contains the wildcard '+'",
            "acme/#                  | contains the wildcard '#'",
            "acme/line1/temp$        | contains '$' at position 5",
            "acme/../temp            | segment 2 must not be '..'",
            "acme/./temp             | segment 2 must not be '.'",
            "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q | it has 17 segments, at most 16",
    })
    void rejectsMalformedPathsSayingWhy(String text, String why) {
        assertThatThrownBy(() -> TagPath.of(text))
                .isInstanceOf(InvalidTagPathException.class)
                .hasMessageStartingWith("Invalid tag path '" + text + "': ")
                .hasMessageContaining(why);
        assertThat(TagPath.isValid(text)).isFalse();
    }

    @Test
    void rejectsNullAndOverlongSegments() {
        assertThatThrownBy(() -> TagPath.of((String) null)).isInstanceOf(InvalidTagPathException.class)
                .hasMessageContaining("a tag path is required");
        String longSegment = "x".repeat(TagPath.MAX_SEGMENT_LENGTH + 1);
        assertThatThrownBy(() -> TagPath.of("acme/" + longSegment)).isInstanceOf(InvalidTagPathException.class)
                .hasMessageContaining("segment 2 is 65 characters long, at most 64");
        assertThat(TagPath.isValid("acme/" + "x".repeat(TagPath.MAX_SEGMENT_LENGTH))).isTrue();
        assertThat(TagPath.isValid("a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p")).isTrue();
    }
}
