package org.plantwire.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CapperLabellerTest {

    private static final long TICK = 100;

    private final CapperLabeller machine = new CapperLabeller(new Random(42));

    @Test
    void runsFromTheStartAndCountsAtTheSpeedSetpoint() {
        machine.setSpeedSetpoint(600);
        // 60 s of machine time; idle and fault episodes eat some of it
        for (int i = 0; i < 600; i++) {
            machine.tick(TICK);
        }
        CapperLabeller.Snapshot after = machine.snapshot();
        assertThat(after.capsApplied()).isBetween(300L, 600L);
        // labels follow caps, a few are missed
        assertThat(after.labelsApplied()).isLessThanOrEqualTo(after.capsApplied()).isGreaterThan(after.capsApplied() * 9 / 10);
        assertThat(after.energyKwh()).isPositive();
    }

    @Test
    void stopsAndStopsCountingWhenTheRunCommandIsOff() {
        tick(50);
        machine.setRunCommand(false);
        machine.tick(TICK);
        CapperLabeller.Snapshot stopped = machine.snapshot();
        assertThat(stopped.state()).isIn(MachineState.STOPPED, MachineState.FAULT);
        tick(20_000); // long enough for any fault episode to end
        CapperLabeller.Snapshot later = machine.snapshot();
        assertThat(later.state()).isEqualTo(MachineState.STOPPED);
        assertThat(later.capsApplied()).isEqualTo(stopped.capsApplied());
        assertThat(later.torqueActualNcm()).isZero();
        assertThat(later.running()).isFalse();
    }

    @Test
    void valuesChangeEveryTick() {
        tick(10);
        CapperLabeller.Snapshot before = machine.snapshot();
        machine.tick(TICK);
        CapperLabeller.Snapshot after = machine.snapshot();
        assertThat(after.energyKwh()).isGreaterThan(before.energyKwh());
        assertThat(after.motorCelsius()).isNotEqualTo(before.motorCelsius());
    }

    @Test
    void runsIdlesAndFaultsNowAndThenAndFaultsEndByThemselves() {
        Set<MachineState> seen = EnumSet.noneOf(MachineState.class);
        int longestFaultTicks = 0;
        int faultTicks = 0;
        for (int i = 0; i < 36_000; i++) { // one hour
            machine.tick(TICK);
            MachineState state = machine.snapshot().state();
            seen.add(state);
            faultTicks = state == MachineState.FAULT ? faultTicks + 1 : 0;
            longestFaultTicks = Math.max(longestFaultTicks, faultTicks);
        }
        assertThat(seen).contains(MachineState.RUNNING, MachineState.IDLE, MachineState.FAULT);
        assertThat(longestFaultTicks * TICK).isLessThanOrEqualTo(6_000);
    }

    @Test
    void resetFaultClearsAFaultAndIsAPulse() {
        while (machine.snapshot().state() != MachineState.FAULT) {
            machine.tick(TICK);
        }
        machine.setResetFaultCommand(true);
        assertThat(machine.snapshot().resetFaultCommand()).isTrue();
        machine.tick(TICK);
        assertThat(machine.snapshot().state()).isNotEqualTo(MachineState.FAULT);
        assertThat(machine.snapshot().resetFaultCommand()).isFalse();
    }

    @Test
    void runningOutOfLabelsFaultsUntilTheRollIsChanged() {
        machine.setSpeedSetpoint(CapperLabeller.MAX_SPEED);
        boolean sawLow = false;
        long ticks = 0;
        while (machine.snapshot().labelsApplied() < CapperLabeller.LABELS_PER_ROLL && ticks++ < 100_000) {
            machine.tick(TICK);
            sawLow |= machine.snapshot().labelStockLow();
        }
        assertThat(sawLow).isTrue();
        CapperLabeller.Snapshot empty = machine.snapshot();
        assertThat(empty.state()).isEqualTo(MachineState.FAULT);
        machine.setResetFaultCommand(true); // a reset does not put labels on the machine
        machine.tick(TICK);
        assertThat(machine.snapshot().state()).isEqualTo(MachineState.FAULT);
        tick(60);
        assertThat(machine.snapshot().labelStockLow()).isFalse();
    }

    @Test
    void motorTemperatureStaysPlausible() {
        machine.setSpeedSetpoint(CapperLabeller.MAX_SPEED);
        for (int i = 0; i < 36_000; i++) {
            machine.tick(TICK);
            assertThat(machine.snapshot().motorCelsius()).isBetween(15.0, 65.0);
        }
    }

    @Test
    void refusesSetpointsOutOfRange() {
        assertThatThrownBy(() -> machine.setSpeedSetpoint(601)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..600");
        assertThatThrownBy(() -> machine.setSpeedSetpoint(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> machine.setTorqueSetpoint(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> machine.setTorqueSetpoint(501)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..500 N·cm");
        machine.setSpeedSetpoint(0);
        machine.setTorqueSetpoint(500);
        assertThat(machine.snapshot().speedSetpoint()).isZero();
        assertThat(machine.snapshot().torqueSetpoint()).isEqualTo(500);
    }

    @Test
    void torqueFollowsItsSetpointWhileRunning() {
        machine.setTorqueSetpoint(250);
        for (int i = 0; i < 600; i++) {
            machine.tick(TICK);
            CapperLabeller.Snapshot s = machine.snapshot();
            if (s.running()) {
                assertThat(s.torqueActualNcm()).isBetween(220f, 280f);
            }
        }
    }

    private void tick(int ticks) {
        for (int i = 0; i < ticks; i++) {
            machine.tick(TICK);
        }
    }
}
