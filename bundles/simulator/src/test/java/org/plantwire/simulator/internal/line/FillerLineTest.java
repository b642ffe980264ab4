package org.plantwire.simulator.internal.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The line model alone, in model time (no clock): state machine, counters, physics, setpoints. */
class FillerLineTest {

    private static final long TICK = 100;

    /** Disturbed on the first running tick (every tick, in fact), always by a fault that lasts 2 s on average. */
    private static final LineBehaviour FAULTS_AT_ONCE = new LineBehaviour(0.001, 1.0, 2, 1, 0);
    /** Same, but faults stay until reset. */
    private static final LineBehaviour LATCHING_FAULTS = new LineBehaviour(0.001, 1.0, 0, 1, 0);
    /** Disturbed on the first running tick, always by an idle spell. */
    private static final LineBehaviour IDLES_AT_ONCE = new LineBehaviour(0.001, 0.0, 2, 1, 0);

    private static void run(FillerLine line, double seconds) {
        for (long t = 0; t < seconds * 1000; t += TICK) {
            line.tick(TICK);
        }
    }

    private static FillerLine steady(boolean running) {
        return new FillerLine(new Random(42), LineBehaviour.STEADY, running);
    }

    @Test
    void countsBottlesAtTheSpeedSetpointWhileRunning() {
        FillerLine line = steady(true);
        line.setSpeedSetpoint(120);
        run(line, 10); // ramp-up: 1.2 s at 100 bottles/min per second
        long before = line.snapshot().goodCount();

        run(line, 60);

        FillerSnapshot s = line.snapshot();
        assertThat(s.state()).isEqualTo(FillerState.RUNNING);
        assertThat(s.speed()).isCloseTo(120, within(3.0));
        assertThat(s.goodCount() - before).isBetween(115L, 125L); // 120 bottles/min for a minute
        assertThat(s.rejectCount()).isZero();
    }

    @Test
    void countsNothingWhileStopped() {
        FillerLine line = steady(false);
        run(line, 60);
        assertThat(line.snapshot().goodCount()).isZero();
        assertThat(line.snapshot().rejectCount()).isZero();
        assertThat(line.snapshot().speed()).isZero();
    }

    @Test
    void countersFreezeWhenStoppedAndResumeWhenStarted() {
        FillerLine line = steady(true);
        run(line, 20);
        line.command(FillerCommand.STOP);
        long good = line.snapshot().goodCount();

        run(line, 30);
        assertThat(line.snapshot().state()).isEqualTo(FillerState.STOPPED);
        assertThat(line.snapshot().goodCount()).isEqualTo(good);
        assertThat(line.snapshot().speed()).isZero();

        line.command(FillerCommand.START);
        run(line, 10);
        assertThat(line.snapshot().state()).isEqualTo(FillerState.RUNNING);
        assertThat(line.snapshot().goodCount()).isGreaterThan(good);
        assertThat(line.snapshot().lastCommand()).isEqualTo(FillerCommand.START.code());
    }

    @Test
    void countsNothingWhileIdleOrFaulted() {
        FillerLine line = new FillerLine(new Random(1), LATCHING_FAULTS, true);
        line.tick(TICK);
        assertThat(line.snapshot().state()).isEqualTo(FillerState.FAULT);
        long good = line.snapshot().goodCount();
        run(line, 30);
        assertThat(line.snapshot().state()).isEqualTo(FillerState.FAULT);
        assertThat(line.snapshot().goodCount()).isEqualTo(good);
    }

    @Test
    void rejectsTheConfiguredShareOfBottles() {
        FillerLine line = new FillerLine(new Random(7), new LineBehaviour(0, 0, 0, 0, 0.1), true);
        run(line, 600); // about 3000 bottles at the default 300/min
        FillerSnapshot s = line.snapshot();
        double share = (double) s.rejectCount() / (s.goodCount() + s.rejectCount());
        assertThat(s.goodCount() + s.rejectCount()).isGreaterThan(2900);
        assertThat(share).isCloseTo(0.1, within(0.02));
    }

    @Test
    void aFaultStopsTheLineRaisesACodeClearsByItselfThenTheLineIdlesAndRunsAgain() {
        FillerLine line = new FillerLine(new Random(3), FAULTS_AT_ONCE, true);
        List<FillerState> states = new ArrayList<>();
        List<Integer> faultCodesWhileFaulted = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            line.tick(TICK);
            FillerSnapshot s = line.snapshot();
            if (states.isEmpty() || states.get(states.size() - 1) != s.state()) {
                states.add(s.state());
            }
            if (s.state() == FillerState.FAULT) {
                faultCodesWhileFaulted.add(s.fault().code());
            } else {
                assertThat(s.fault()).isEqualTo(FillerFault.NONE);
            }
        }
        // fault (1..3 s) -> idle (0.5..1.5 s) -> running -> disturbed again at once
        assertThat(states).startsWith(FillerState.FAULT, FillerState.IDLE, FillerState.RUNNING, FillerState.FAULT);
        assertThat(faultCodesWhileFaulted).allMatch(code -> code >= 101 && code <= 104);
    }

    @Test
    void anIdleSpellEndsAndTheLineRunsAgain() {
        FillerLine line = new FillerLine(new Random(5), IDLES_AT_ONCE, true);
        line.tick(TICK);
        assertThat(line.snapshot().state()).isEqualTo(FillerState.IDLE);
        assertThat(line.snapshot().fault()).isEqualTo(FillerFault.NONE);
        boolean ranAgain = false;
        for (int i = 0; i < 20 && !ranAgain; i++) { // an idle spell is 0.5..1.5 s
            line.tick(TICK);
            ranAgain = line.snapshot().state() == FillerState.RUNNING;
        }
        assertThat(ranAgain).isTrue();
    }

    @Test
    void aLatchedFaultRefusesStartAndClearsOnReset() {
        FillerLine line = new FillerLine(new Random(11), LATCHING_FAULTS, true);
        line.tick(TICK);
        run(line, 60);
        assertThat(line.snapshot().state()).isEqualTo(FillerState.FAULT);
        assertThat(line.snapshot().fault()).isNotEqualTo(FillerFault.NONE);

        assertThatThrownBy(() -> line.command(FillerCommand.START)).isInstanceOf(CommandRefusedException.class);
        assertThat(line.snapshot().state()).isEqualTo(FillerState.FAULT);
        assertThat(line.snapshot().lastCommand()).isZero();

        line.command(FillerCommand.RESET);
        assertThat(line.snapshot().state()).isEqualTo(FillerState.IDLE);
        assertThat(line.snapshot().fault()).isEqualTo(FillerFault.NONE);
        assertThat(line.snapshot().lastCommand()).isEqualTo(FillerCommand.RESET.code());
    }

    @Test
    void stopWorksFromAnyStateAndClearsTheFault() {
        FillerLine line = new FillerLine(new Random(13), LATCHING_FAULTS, true);
        line.tick(TICK);
        assertThat(line.snapshot().state()).isEqualTo(FillerState.FAULT);

        line.command(FillerCommand.STOP);
        run(line, 10);
        assertThat(line.snapshot().state()).isEqualTo(FillerState.STOPPED);
        assertThat(line.snapshot().fault()).isEqualTo(FillerFault.NONE);

        line.command(FillerCommand.START);
        assertThat(line.snapshot().state()).isEqualTo(FillerState.RUNNING);
    }

    @Test
    void resetAndStartAreHarmlessWhenThereIsNothingToDo() {
        FillerLine line = steady(true);
        line.command(FillerCommand.RESET);
        line.command(FillerCommand.START);
        assertThat(line.snapshot().state()).isEqualTo(FillerState.RUNNING);
    }

    @Test
    void temperatureFollowsItsSetpointWithNoiseAndCoolsToAmbientWhenStopped() {
        FillerLine line = steady(true);
        line.setTemperatureSetpoint(80);
        run(line, 200); // ten time constants
        assertThat(line.snapshot().temperature()).isCloseTo(80, within(0.5));
        assertThat(line.snapshot().temperatureSetpoint()).isEqualTo(80);

        double previous = line.snapshot().temperature();
        line.tick(TICK);
        assertThat(line.snapshot().temperature()).isNotEqualTo(previous); // it drifts every tick

        line.command(FillerCommand.STOP);
        run(line, 200);
        assertThat(line.snapshot().temperature()).isCloseTo(FillerLine.AMBIENT_TEMPERATURE, within(0.5));
    }

    @Test
    void pressureDependsOnTheState() {
        FillerLine line = steady(true);
        run(line, 20);
        assertThat(line.snapshot().pressure()).isCloseTo(2.5, within(0.1)); // 2 bar + 300/600
        line.command(FillerCommand.STOP);
        run(line, 20);
        assertThat(line.snapshot().pressure()).isCloseTo(FillerLine.PRESSURE_STOPPED, within(0.1));
    }

    @Test
    void bowlLevelIsRefilledWithHysteresisAndStaysWithinBounds() {
        FillerLine line = steady(true);
        line.setSpeedSetpoint(FillerLine.SPEED_SETPOINT_MAX);
        double min = 100;
        double max = 0;
        for (int i = 0; i < 20_000; i++) { // 2000 s: several refill cycles
            line.tick(TICK);
            double level = line.snapshot().fillLevel();
            min = Math.min(min, level);
            max = Math.max(max, level);
        }
        assertThat(min).isBetween(35.0, 40.0);
        assertThat(max).isBetween(80.0, 85.0);
    }

    @Test
    void outOfRangeSetpointsAreRefusedAndChangeNothing() {
        FillerLine line = steady(true);
        assertThatThrownBy(() -> line.setSpeedSetpoint(601)).isInstanceOf(SetpointOutOfRangeException.class)
                .hasMessageContaining("Speed setpoint 601.0 is outside [10.0, 600.0]");
        assertThatThrownBy(() -> line.setSpeedSetpoint(5)).isInstanceOf(SetpointOutOfRangeException.class);
        assertThatThrownBy(() -> line.setTemperatureSetpoint(-1)).isInstanceOf(SetpointOutOfRangeException.class);
        assertThatThrownBy(() -> line.setTemperatureSetpoint(Double.NaN))
                .isInstanceOf(SetpointOutOfRangeException.class);
        assertThat(line.snapshot().speedSetpoint()).isEqualTo(FillerLine.SPEED_SETPOINT_DEFAULT);
        assertThat(line.snapshot().temperatureSetpoint()).isEqualTo(FillerLine.TEMPERATURE_SETPOINT_DEFAULT);

        line.setSpeedSetpoint(FillerLine.SPEED_SETPOINT_MAX); // bounds are inclusive
        line.setTemperatureSetpoint(FillerLine.TEMPERATURE_SETPOINT_MIN);
        assertThat(line.snapshot().speedSetpoint()).isEqualTo(600);
    }

    @Test
    void theSameSeedGivesTheSameLine() {
        FillerLine a = new FillerLine(new Random(99), LineBehaviour.DEMO, true);
        FillerLine b = new FillerLine(new Random(99), LineBehaviour.DEMO, true);
        run(a, 300);
        run(b, 300);
        assertThat(a.snapshot()).isEqualTo(b.snapshot());
    }

    @Test
    void theDemoBehaviourRunsIdlesAndFaults() {
        FillerLine line = new FillerLine(new Random(2024), LineBehaviour.DEMO, true);
        List<FillerState> seen = new ArrayList<>();
        for (int i = 0; i < 36_000; i++) { // an hour
            line.tick(TICK);
            FillerState state = line.snapshot().state();
            if (!seen.contains(state)) {
                seen.add(state);
            }
        }
        assertThat(seen).contains(FillerState.RUNNING, FillerState.IDLE, FillerState.FAULT)
                .doesNotContain(FillerState.STOPPED);
    }

    @Test
    void refusesNonPositiveTicksAndInvalidBehaviour() {
        FillerLine line = steady(true);
        assertThatThrownBy(() -> line.tick(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LineBehaviour(10, 1.5, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("faultShare");
        assertThatThrownBy(() -> new LineBehaviour(-1, 0.5, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOrderIsAcknowledgedRunsAndStopsAtItsTarget() {
        FillerLine line = new FillerLine(new Random(7), LineBehaviour.STEADY, false);
        line.setSpeedSetpoint(600);
        line.setOrderTarget(50);
        line.startOrder("WO-1");
        assertThat(line.snapshot().orderId()).isEqualTo("WO-1");
        assertThat(line.snapshot().state()).isEqualTo(FillerState.RUNNING);
        for (int i = 0; i < 200; i++) {
            line.tick(100);
        }
        FillerSnapshot s = line.snapshot();
        assertThat(s.orderGood()).isEqualTo(50);
        assertThat(s.goodCount()).isEqualTo(50);
        assertThat(s.state()).isEqualTo(FillerState.STOPPED);
        line.startOrder("");
        assertThat(line.snapshot().orderId()).isEmpty();
    }

    @Test
    void anOrderWithoutTargetIsRefused() {
        FillerLine line = new FillerLine(new Random(7), LineBehaviour.STEADY, false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> line.startOrder("WO-1"))
                .isInstanceOf(CommandRefusedException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> line.setOrderTarget(0))
                .isInstanceOf(SetpointOutOfRangeException.class);
    }
}
