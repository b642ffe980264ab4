package org.plantwire.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagPatternTest {

    @ParameterizedTest(name = "[{index}] {0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            // exact
            "acme/site1/line1/speed      | acme/site1/line1/speed      | true",
            "acme/site1/line1/speed      | acme/site1/line1/Speed      | false",
            "acme/site1/line1/speed      | acme/site1/line1/speed/raw  | false",
            "acme/site1/line1/speed      | acme/site1/line1            | false",
            // '+' is exactly one segment
            "acme/+/line1/speed          | acme/site2/line1/speed      | true",
            "acme/+/line1/speed          | acme/site2/line2/speed      | false",
            "acme/+                      | acme/site1                  | true",
            "acme/+                      | acme/site1/line1            | false",
            "+/+                         | acme/site1                  | true",
            "+/+                         | acme/site1/line1            | false",
            "acme/+/+/+/cell1/#          | acme/s/a/l/cell1/p          | true",
            "acme/+/+/+/cell1/#          | acme/s/a/l/cell11/p         | false",
            // '#' is the rest, including nothing
            "#                           | acme/site1                  | true",
            "#                           | a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p | true",
            "acme/#                      | acme/site1/line1/speed      | true",
            "acme/#                      | acmex/site1                 | false",
            "acme/site1/#                | acme/site1                  | true",
            "acme/site1/#                | acme/site1/x                | true",
            "acme/site1/#                | acme/site10/x               | false",
            "acme/site1/#                | acme/site                   | false",
            "acme/site1/line1/#          | acme/site1                  | false",
            "acme/+/#                    | acme/site1                  | true",
            "acme/+/#                    | other/site1                 | false",
            "+/site1/#                   | acme/site1/line1            | true",
    })
    void matches(String pattern, String path, boolean expected) {
        assertThat(TagPattern.of(pattern).matches(TagPath.of(path))).isEqualTo(expected);
    }

    @Test
    void wildcardsAndExactPatterns() {
        assertThat(TagPattern.of("acme/site1/line1/speed").hasWildcards()).isFalse();
        assertThat(TagPattern.of("acme/site1/line1/speed").asPath()).isEqualTo(TagPath.of("acme/site1/line1/speed"));
        assertThat(TagPattern.of("acme/+/x").hasWildcards()).isTrue();
        assertThat(TagPattern.of("acme/#").hasWildcards()).isTrue();
        assertThat(TagPattern.all().matches(TagPath.of("x/y"))).isTrue();
        assertThatThrownBy(() -> TagPattern.of("acme/#").asPath()).isInstanceOf(IllegalStateException.class);
        assertThat(TagPattern.of("a/+")).isEqualTo(TagPattern.of("a/+")).hasSameHashCodeAs(TagPattern.of("a/+"));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', value = {
            "''            | a pattern is required",
            "/acme/#       | must not start or end with '/'",
            "acme/         | must not start or end with '/'",
            "acme/#/speed  | '#' is allowed only as the last segment",
            "acme//speed   | segment 2 is empty",
            "acme/line+    | segment 2 ('line+') contains '+' inside a name",
            "acme/li#ne    | '#' inside a name",
            "acme/sp eed   | contains whitespace",
            "acme/sp*eed   | contains '*'",
    })
    void rejectsMalformedPatternsSayingWhy(String text, String why) {
        assertThatThrownBy(() -> TagPattern.of(text))
                .isInstanceOf(InvalidTagPathException.class)
                .hasMessageContaining("Invalid tag pattern")
                .hasMessageContaining(why);
    }
}
