package org.plantwire.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    @Test
    void locksAfterMaxFailuresWithinTheWindowForTheLockout() {
        LoginThrottle t = new LoginThrottle(3, 60_000, 30_000);
        assertThat(t.failed("eve", 0)).isFalse();
        assertThat(t.failed("eve", 1_000)).isFalse();
        assertThat(t.lockedFor("eve", 1_000)).isZero();
        assertThat(t.failed("eve", 2_000)).isTrue();
        assertThat(t.lockedFor("eve", 2_000)).isEqualTo(30_000);
        assertThat(t.lockedFor("eve", 31_999)).isEqualTo(1);
        assertThat(t.lockedFor("eve", 32_000)).isZero();
        assertThat(t.lockedFor("bob", 2_000)).as("other names are not locked").isZero();
    }

    @Test
    void failuresOutsideTheWindowAndSuccessesDoNotCount() {
        LoginThrottle t = new LoginThrottle(3, 60_000, 30_000);
        t.failed("eve", 0);
        t.failed("eve", 1_000);
        assertThat(t.failed("eve", 70_000)).as("the first two are older than the window").isFalse();
        t.failed("eve", 71_000);
        t.succeeded("eve");
        assertThat(t.failed("eve", 72_000)).isFalse();
        assertThat(t.lockedFor("eve", 72_000)).isZero();
    }
}
