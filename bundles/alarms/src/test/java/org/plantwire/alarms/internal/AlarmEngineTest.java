package org.plantwire.alarms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.plantwire.alarms.AlarmDefinition;
import org.plantwire.alarms.AlarmEvent;
import org.plantwire.alarms.AlarmEvent.Type;
import org.plantwire.alarms.AlarmException;
import org.plantwire.alarms.AlarmKind;
import org.plantwire.alarms.AlarmState;
import org.plantwire.api.Quality;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;

/** The ISA-18.2 state machine with worked values: deadband, delays, acknowledge, shelving, suppression, rate. */
class AlarmEngineTest {

    private static final TagPath TEMP = TagPath.of("acme/site/line1/filler/temperature");
    private static final TagPath STATE = TagPath.of("acme/site/line1/filler/state");
    private static final long HOUR = 3_600_000;

    private static AlarmDefinition def(String id, AlarmKind kind, double limit, double deadband, long on, long off) {
        return new AlarmDefinition(id, TEMP, kind, limit, deadband, on, off, 2, "temperature " + kind.label(), null, null, HOUR);
    }

    private static TagValue good(Object v, long t) {
        return new TagValue(v, Quality.GOOD, t, t);
    }

    private static List<Type> types(List<AlarmEvent> events) {
        return events.stream().map(AlarmEvent::type).toList();
    }

    @Test
    void highLimitWithDeadbandActivatesAboveAndReturnsOnlyBelowLimitMinusDeadband() {
        AlarmEngine engine = new AlarmEngine(List.of(def("t:high", AlarmKind.HIGH, 80, 2, 0, 0)));
        assertThat(engine.onValue(TEMP, good(80.0, 1), 1)).isEmpty();            // at the limit: not above
        assertThat(types(engine.onValue(TEMP, good(80.1, 2), 2))).containsExactly(Type.ACTIVATED);
        assertThat(engine.alarm("t:high").state()).isEqualTo(AlarmState.UNACK_ACTIVE);
        assertThat(engine.onValue(TEMP, good(79.0, 3), 3)).isEmpty();            // below the limit, inside the deadband
        assertThat(engine.onValue(TEMP, good(78.0, 4), 4)).isEmpty();            // exactly limit - deadband: still in
        assertThat(types(engine.onValue(TEMP, good(77.9, 5), 5))).containsExactly(Type.RETURNED);
        assertThat(engine.alarm("t:high").state()).isEqualTo(AlarmState.RTN_UNACK);
        assertThat(engine.acknowledge("t:high", "otto", "checked the cooler", 6).state()).isEqualTo(AlarmState.NORMAL);
    }

    @Test
    void lowLimitMirrorsHigh() {
        AlarmEngine engine = new AlarmEngine(List.of(def("t:low", AlarmKind.LOW, 10, 1, 0, 0)));
        assertThat(types(engine.onValue(TEMP, good(9.9, 1), 1))).containsExactly(Type.ACTIVATED);
        assertThat(engine.onValue(TEMP, good(10.5, 2), 2)).isEmpty();
        assertThat(types(engine.onValue(TEMP, good(11.1, 3), 3))).containsExactly(Type.RETURNED);
    }

    @Test
    void onDelayNeedsTheConditionToHoldAndOffDelayNeedsItGone() {
        AlarmEngine engine = new AlarmEngine(List.of(def("t:high", AlarmKind.HIGH, 80, 0, 5_000, 3_000)));
        engine.onValue(TEMP, good(85.0, 0), 0);
        assertThat(engine.tick(4_999)).isEmpty();
        engine.onValue(TEMP, good(79.0, 4_999), 4_999);                         // a dip resets the on-delay
        engine.onValue(TEMP, good(86.0, 6_000), 6_000);
        assertThat(engine.tick(10_999)).isEmpty();
        assertThat(types(engine.tick(11_000))).containsExactly(Type.ACTIVATED);
        assertThat(engine.alarm("t:high").activeSince()).isEqualTo(11_000);

        assertThat(engine.acknowledge("t:high", "otto", null, 11_500).state()).isEqualTo(AlarmState.ACK_ACTIVE);
        engine.onValue(TEMP, good(70.0, 12_000), 12_000);
        assertThat(engine.tick(14_999)).isEmpty();
        engine.onValue(TEMP, good(81.0, 14_999), 14_999);                        // back in alarm before the off-delay ran
        engine.onValue(TEMP, good(70.0, 15_000), 15_000);
        assertThat(engine.tick(17_999)).isEmpty();
        assertThat(types(engine.tick(18_000))).containsExactly(Type.RETURNED);
        assertThat(engine.alarm("t:high").state()).as("acknowledged while active: normal on return").isEqualTo(AlarmState.NORMAL);
    }

    @Test
    void acknowledgingWhatIsNotWaitingIsRefused() {
        AlarmEngine engine = new AlarmEngine(List.of(def("t:high", AlarmKind.HIGH, 80, 0, 0, 0)));
        assertThatThrownBy(() -> engine.acknowledge("t:high", "otto", null, 1)).isInstanceOf(AlarmException.class)
                .hasMessage("alarm t:high is normal: nothing to acknowledge");
        engine.onValue(TEMP, good(90.0, 2), 2);
        engine.acknowledge("t:high", "otto", "seen", 3);
        assertThatThrownBy(() -> engine.acknowledge("t:high", "ann", null, 4)).hasMessageContaining("acknowledged already (by otto)");
        assertThatThrownBy(() -> engine.acknowledge("nope", "ann", null, 4)).hasMessage("no alarm nope")
                .extracting(e -> ((AlarmException) e).status()).isEqualTo(404);
    }

    @Test
    void badQualityChangesNothing() {
        AlarmEngine engine = new AlarmEngine(List.of(def("t:high", AlarmKind.HIGH, 80, 0, 0, 0)));
        engine.onValue(TEMP, good(90.0, 1), 1);
        assertThat(engine.onValue(TEMP, new TagValue(20.0, Quality.BAD_NOT_CONNECTED, 2, 2), 2)).isEmpty();
        assertThat(engine.alarm("t:high").state()).isEqualTo(AlarmState.UNACK_ACTIVE);
        assertThat(engine.onValue(TEMP, good("n/a", 3), 3)).as("not a number").isEmpty();
    }

    @Test
    void shelvingHidesUntilItExpiresAndIsBounded() {
        AlarmEngine engine = new AlarmEngine(List.of(def("t:high", AlarmKind.HIGH, 80, 0, 0, 0)));
        engine.onValue(TEMP, good(90.0, 0), 0);
        assertThatThrownBy(() -> engine.shelve("t:high", "otto", 2 * HOUR, "sensor swap", 0)).hasMessageContaining("at most 60 min");
        assertThatThrownBy(() -> engine.shelve("t:high", "otto", 60_000, " ", 0)).hasMessage("shelving takes a reason");
        assertThatThrownBy(() -> engine.unshelve("t:high", "otto", 0)).hasMessageContaining("is not shelved");
        engine.shelve("t:high", "otto", 60_000, "sensor swap", 1_000);
        assertThat(engine.alarm("t:high").annunciated(1_001)).isFalse();
        assertThat(engine.alarm("t:high").shelveReason()).isEqualTo("sensor swap");
        assertThat(engine.tick(60_999)).isEmpty();
        List<AlarmEvent> expiry = engine.tick(61_000);
        assertThat(types(expiry)).containsExactly(Type.UNSHELVED);
        assertThat(expiry.get(0).comment()).isEqualTo("shelving expired");
        assertThat(engine.alarm("t:high").annunciated(61_000)).isTrue();
    }

    @Test
    void suppressionBlocksActivationWhileTheLineIsStopped() {
        AlarmDefinition d = new AlarmDefinition("t:high", TEMP, AlarmKind.HIGH, 80, 0, 0, 0, 1, "hot", STATE, 0L, HOUR);
        AlarmEngine engine = new AlarmEngine(List.of(d));
        assertThat(engine.tags()).containsExactly(TEMP, STATE);
        assertThat(types(engine.onValue(STATE, good(0L, 1), 1))).containsExactly(Type.SUPPRESSED);
        assertThat(engine.onValue(TEMP, good(95.0, 2), 2)).isEmpty();
        assertThat(engine.alarm("t:high").state()).isEqualTo(AlarmState.NORMAL);
        assertThat(types(engine.onValue(STATE, good(2L, 3), 3))).containsExactly(Type.UNSUPPRESSED);
        assertThat(types(engine.tick(3))).as("still hot once the line runs again").containsExactly(Type.ACTIVATED);
    }

    @Test
    void booleanStateAndRateOfChange() {
        TagPath fault = TagPath.of("acme/site/line1/capper/fault");
        AlarmEngine engine = new AlarmEngine(List.of(
                new AlarmDefinition("fault", fault, AlarmKind.BOOLEAN, 1, 0, 0, 0, 1, "capper fault", null, null, HOUR),
                new AlarmDefinition("state", STATE, AlarmKind.STATE, 3, 0, 0, 0, 2, "filler in fault", null, null, HOUR),
                new AlarmDefinition("rate", TEMP, AlarmKind.RATE_OF_CHANGE, 2, 0.5, 0, 0, 3, "heating fast", null, null, HOUR)));
        assertThat(types(engine.onValue(fault, good(true, 1), 1))).containsExactly(Type.ACTIVATED);
        assertThat(types(engine.onValue(fault, good(false, 2), 2))).containsExactly(Type.RETURNED);
        assertThat(engine.onValue(STATE, good(2L, 1), 1)).isEmpty();
        assertThat(types(engine.onValue(STATE, good(3L, 2), 2))).containsExactly(Type.ACTIVATED);

        assertThat(engine.onValue(TEMP, good(20.0, 0), 0)).as("first value: no rate yet").isEmpty();
        assertThat(engine.onValue(TEMP, good(21.0, 1_000), 1_000)).as("1 per s").isEmpty();
        assertThat(types(engine.onValue(TEMP, good(24.0, 2_000), 2_000))).as("3 per s").containsExactly(Type.ACTIVATED);
        assertThat(engine.onValue(TEMP, good(25.8, 3_000), 3_000)).as("1.8 per s: inside the deadband").isEmpty();
        assertThat(types(engine.onValue(TEMP, good(27.0, 4_000), 4_000))).as("1.2 per s").containsExactly(Type.RETURNED);
    }

    @Test
    void definitionsAreChecked() {
        assertThatThrownBy(() -> new AlarmEngine(List.of(def("a", AlarmKind.HIGH, 1, 0, 0, 0), def("a", AlarmKind.LOW, 1, 0, 0, 0))))
                .hasMessage("alarm a is defined twice");
        assertThatThrownBy(() -> new AlarmDefinition("b", TEMP, AlarmKind.HIGH, 1, -1, 0, 0, 2, "", null, null, HOUR))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new AlarmDefinition("b", TEMP, AlarmKind.HIGH, 1, 0, 0, 0, 5, "", null, null, HOUR))
                .hasMessageContaining("priority must be 1 (critical) to 4");
    }
}
