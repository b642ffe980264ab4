package org.plantwire.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class DataTypeTest {

    @Test
    void typeOfPublishedValues() {
        assertThat(DataType.of(true)).isEqualTo(DataType.BOOLEAN);
        assertThat(DataType.of(3)).isEqualTo(DataType.INTEGER);
        assertThat(DataType.of(3L)).isEqualTo(DataType.INTEGER);
        assertThat(DataType.of(2.5f)).isEqualTo(DataType.FLOAT);
        assertThat(DataType.of(new BigDecimal("1.5"))).isEqualTo(DataType.FLOAT);
        assertThat(DataType.of("x")).isEqualTo(DataType.STRING);
        assertThat(DataType.of(new Object())).isNull();
        assertThat(DataType.of(null)).isNull();
    }

    @Test
    void convertsTextAndNumbers() {
        assertThat(DataType.FLOAT.convert("42.5")).isEqualTo(42.5);
        assertThat(DataType.FLOAT.convert(3)).isEqualTo(3.0);
        assertThat(DataType.INTEGER.convert(" 7 ")).isEqualTo(7L);
        assertThat(DataType.INTEGER.convert("7.0")).isEqualTo(7L);
        assertThat(DataType.INTEGER.convert(true)).isEqualTo(1L);
        assertThat(DataType.BOOLEAN.convert("on")).isEqualTo(true);
        assertThat(DataType.BOOLEAN.convert(0)).isEqualTo(false);
        assertThat(DataType.STRING.convert(12)).isEqualTo("12");
    }

    @Test
    void refusesWhatDoesNotFitSayingWhy() {
        assertThatThrownBy(() -> DataType.FLOAT.convert("abc")).hasMessage("'abc' is not a float");
        assertThatThrownBy(() -> DataType.FLOAT.convert("NaN")).hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> DataType.FLOAT.convert(true)).hasMessageContaining("is a boolean, not a float");
        assertThatThrownBy(() -> DataType.INTEGER.convert("1.5")).hasMessageContaining("fractional part");
        assertThatThrownBy(() -> DataType.INTEGER.convert("99999999999999999999")).hasMessageContaining("64-bit range");
        assertThatThrownBy(() -> DataType.BOOLEAN.convert("maybe")).hasMessageContaining("is not a boolean");
        assertThatThrownBy(() -> DataType.BOOLEAN.convert(2)).hasMessageContaining("is not a boolean");
        assertThatThrownBy(() -> DataType.STRING.convert(null)).hasMessageContaining("a value is required");
    }

    @Test
    void parsesNamesAndAliases() {
        assertThat(DataType.parse("Double")).isEqualTo(DataType.FLOAT);
        assertThat(DataType.parse("int")).isEqualTo(DataType.INTEGER);
        assertThat(DataType.parse(" bool ")).isEqualTo(DataType.BOOLEAN);
        assertThatThrownBy(() -> DataType.parse("decimal")).hasMessageContaining("use boolean, integer, float or string");
        assertThat(DataType.FLOAT).hasToString("float");
    }

    @Test
    void definitionConvertsAndChecksLimits() {
        TagPath p = TagPath.of("acme/line1/setpoint");
        TagDefinition d = TagDefinition.writable(p, DataType.FLOAT, "degC").withLimits(0.0, 100.0);
        assertThat(d.convertForWrite("42")).isEqualTo(42.0);
        assertThatThrownBy(() -> d.convertForWrite("abc")).isInstanceOf(TagValueException.class)
                .hasMessage("Tag acme/line1/setpoint is of type float: 'abc' is not a float");
        assertThatThrownBy(() -> d.convertForWrite(150)).isInstanceOf(TagValueException.class)
                .hasMessage("Tag acme/line1/setpoint: 150.0 is above the maximum 100 degC");
        assertThatThrownBy(() -> d.convertForWrite(-1)).hasMessageContaining("below the minimum 0 degC");
        assertThatThrownBy(() -> TagDefinition.writable(p, DataType.FLOAT, "").withLimits(5.0, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min 5.0 is above max 1.0");
    }
}
