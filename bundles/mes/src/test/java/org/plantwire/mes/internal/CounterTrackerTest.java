package org.plantwire.mes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CounterTrackerTest {

    private static final long UINT32 = 1L << 32;

    @Test
    void theFirstReadingIsTheBaseThenDifferencesCount() {
        CounterTracker c = new CounterTracker(UINT32);
        assertThat(c.next(1_000)).isZero();
        assertThat(c.next(1_010)).isEqualTo(10);
        assertThat(c.next(1_010)).isZero();
        assertThat(c.next(1_011)).isEqualTo(1);
    }

    @Test
    void aWrapCountsTheUnitsAcrossIt() {
        CounterTracker c = new CounterTracker(UINT32);
        c.next(4_294_967_290L); // 2^32 - 6
        assertThat(c.next(3)).isEqualTo(9); // 6 up to the wrap (…291 … …295, 0) plus 3
        CounterTracker u16 = new CounterTracker(65_536);
        u16.next(65_530);
        assertThat(u16.next(4)).isEqualTo(10);
    }

    @Test
    void aResetCountsFromZeroNeverNegative() {
        CounterTracker c = new CounterTracker(UINT32);
        c.next(5_000);
        assertThat(c.next(12)).isEqualTo(12); // reset to 0 then 12 made
        assertThat(c.next(20)).isEqualTo(8);
        assertThat(c.next(0)).isZero(); // reset, nothing made yet
    }

    @Test
    void rebaseForgetsThePreviousReading() {
        CounterTracker c = new CounterTracker(UINT32);
        c.next(100);
        c.rebase();
        assertThat(c.next(500)).isZero();
        assertThat(c.next(501)).isEqualTo(1);
    }

    @Test
    void readingsOutsideTheCounterAreRefused() {
        CounterTracker c = new CounterTracker(65_536);
        assertThatThrownBy(() -> c.next(65_536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.next(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
