package org.plantwire.simulator.modbus;

import java.util.Random;

/**
 * The legacy capper/labeller of the simulated packaging line: a plain, thread-safe machine model advanced by
 * {@link #tick(long)}. It knows nothing of Modbus ({@link RegisterMap} maps it onto registers).
 *
 * <p>With the run command on, the machine mostly runs: it caps and labels at the speed setpoint, the motor warms
 * up, the cap torque follows its setpoint with some noise and energy accumulates. Now and then it idles for a
 * few seconds (starved of bottles) or faults for a few seconds (a cap jam; the reset-fault command clears it at
 * once). When the label roll runs out it faults until the roll is changed, a few seconds later. With the run
 * command off it stops. Randomness comes from the {@link Random} given, so a seeded model is repeatable.
 *
 * <p>Every method locks the instance itself; hold that lock to make several changes at once.
 */
public final class CapperLabeller {

    /** Speed setpoint limits and default, caps per minute. */
    public static final int MAX_SPEED = 600;
    public static final int DEFAULT_SPEED = 300;
    /** Torque setpoint limits and default, N·cm (180 N·cm = 1.8 N·m). */
    public static final int MIN_TORQUE = 0;
    public static final int MAX_TORQUE = 500;
    public static final int DEFAULT_TORQUE = 180;
    /** Labels on a new roll, and the stock below which "label stock low" is on. */
    public static final int LABELS_PER_ROLL = 3000;
    public static final int LABEL_STOCK_LOW = 300;
    public static final double AMBIENT_CELSIUS = 22.0;

    // Mean time between idle (starved) and fault (jam) episodes while running, and how long they last.
    private static final double MEAN_MILLIS_BETWEEN_IDLES = 40_000;
    private static final double MEAN_MILLIS_BETWEEN_FAULTS = 120_000;
    private static final long MIN_EPISODE_MILLIS = 2_000;
    private static final long MAX_EPISODE_MILLIS = 6_000;
    private static final long ROLL_CHANGE_MILLIS = 5_000;
    /** One label in this many is not applied (a label miss), so the two counters drift apart. */
    private static final double LABEL_MISS_RATE = 0.005;
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private final Random random;

    private boolean runCommand = true;
    private boolean resetFaultCommand;
    private int speedSetpoint = DEFAULT_SPEED;
    private int torqueSetpoint = DEFAULT_TORQUE;

    private MachineState state = MachineState.STOPPED;
    /** Time left in the current idle or fault episode. */
    private long episodeMillisLeft;
    private boolean outOfLabels;
    private long capsApplied;
    private long labelsApplied;
    private double capsDue;
    private double labelsDue;
    private int labelsOnRoll = LABELS_PER_ROLL;
    private double torqueActual;
    private double energyKwh;
    private double motorCelsius = AMBIENT_CELSIUS;

    public CapperLabeller(Random random) {
        this.random = random;
    }

    /** Everything the PLC shows, read at one instant. Counters are unsigned 32-bit on the wire and wrap there. */
    public record Snapshot(MachineState state, boolean runCommand, boolean resetFaultCommand, int speedSetpoint,
            int torqueSetpoint, long capsApplied, long labelsApplied, float torqueActualNcm, double energyKwh,
            double motorCelsius, boolean labelStockLow) {

        public boolean running() {
            return state == MachineState.RUNNING;
        }

        public boolean fault() {
            return state == MachineState.FAULT;
        }
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(state, runCommand, resetFaultCommand, speedSetpoint, torqueSetpoint, capsApplied,
                labelsApplied, (float) torqueActual, energyKwh, motorCelsius, labelsOnRoll < LABEL_STOCK_LOW);
    }

    /** @throws IllegalArgumentException outside 0..{@value #MAX_SPEED} caps/min */
    public synchronized void setSpeedSetpoint(int capsPerMinute) {
        if (capsPerMinute < 0 || capsPerMinute > MAX_SPEED) {
            throw new IllegalArgumentException("speed setpoint " + capsPerMinute + " outside 0.." + MAX_SPEED + " caps/min");
        }
        speedSetpoint = capsPerMinute;
    }

    /** @throws IllegalArgumentException outside {@value #MIN_TORQUE}..{@value #MAX_TORQUE} N·cm */
    public synchronized void setTorqueSetpoint(int newtonCentimetres) {
        if (newtonCentimetres < MIN_TORQUE || newtonCentimetres > MAX_TORQUE) {
            throw new IllegalArgumentException("torque setpoint " + newtonCentimetres + " outside " + MIN_TORQUE + ".."
                    + MAX_TORQUE + " N·cm");
        }
        torqueSetpoint = newtonCentimetres;
    }

    public synchronized void setRunCommand(boolean run) {
        runCommand = run;
    }

    /** A pulse: the next tick clears a fault (unless the label roll is empty) and drops the command again. */
    public synchronized void setResetFaultCommand(boolean reset) {
        resetFaultCommand = reset;
    }

    /** Advances the machine by {@code millis} of machine time. */
    public synchronized void tick(long millis) {
        if (millis <= 0) {
            return;
        }
        updateState(millis);
        if (state == MachineState.RUNNING) {
            produce(millis);
        }
        double powerKw = switch (state) {
            case RUNNING -> 1.2 + 1.6 * speedSetpoint / MAX_SPEED;
            case IDLE -> 0.45;
            case STOPPED, FAULT -> 0.08;
        };
        energyKwh += powerKw * millis / MILLIS_PER_HOUR;
        torqueActual = state == MachineState.RUNNING
                ? Math.max(0, torqueSetpoint + random.nextGaussian() * 4)
                : 0;
        // First-order warm-up towards a speed-dependent temperature, plus sensor noise.
        double target = state == MachineState.RUNNING ? 38 + 20.0 * speedSetpoint / MAX_SPEED : AMBIENT_CELSIUS;
        motorCelsius += (target - motorCelsius) * Math.min(1, millis / 90_000.0) + random.nextGaussian() * 0.06;
    }

    private void updateState(long millis) {
        if (resetFaultCommand) {
            resetFaultCommand = false;
            if (state == MachineState.FAULT && !outOfLabels) {
                episodeMillisLeft = 0;
                state = MachineState.STOPPED;
            }
        }
        if (state == MachineState.FAULT) {
            episodeMillisLeft -= millis;
            if (episodeMillisLeft > 0) {
                return;
            }
            if (outOfLabels) {
                outOfLabels = false;
                labelsOnRoll = LABELS_PER_ROLL;
            }
            state = MachineState.STOPPED;
        }
        if (!runCommand) {
            state = MachineState.STOPPED;
            return;
        }
        if (state == MachineState.IDLE) {
            episodeMillisLeft -= millis;
            if (episodeMillisLeft > 0) {
                return;
            }
            state = MachineState.RUNNING;
            return;
        }
        state = MachineState.RUNNING;
        if (happens(millis, MEAN_MILLIS_BETWEEN_FAULTS)) {
            state = MachineState.FAULT;
            episodeMillisLeft = episodeMillis();
        } else if (happens(millis, MEAN_MILLIS_BETWEEN_IDLES)) {
            state = MachineState.IDLE;
            episodeMillisLeft = episodeMillis();
        }
    }

    private void produce(long millis) {
        capsDue += speedSetpoint * millis / 60_000.0;
        long caps = (long) capsDue;
        capsDue -= caps;
        capsApplied += caps;
        labelsDue += caps;
        for (; labelsDue >= 1 && labelsOnRoll > 0; labelsDue--) {
            if (random.nextDouble() >= LABEL_MISS_RATE) {
                labelsApplied++;
                labelsOnRoll--;
            }
        }
        if (labelsOnRoll == 0) {
            labelsDue = 0;
            outOfLabels = true;
            state = MachineState.FAULT;
            episodeMillisLeft = ROLL_CHANGE_MILLIS;
        }
    }

    private boolean happens(long millis, double meanMillisBetween) {
        return random.nextDouble() < millis / meanMillisBetween;
    }

    private long episodeMillis() {
        return MIN_EPISODE_MILLIS + (long) (random.nextDouble() * (MAX_EPISODE_MILLIS - MIN_EPISODE_MILLIS));
    }
}
