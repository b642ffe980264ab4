package org.plantwire.simulator.internal.line;

import java.util.Objects;
import java.util.Random;

/**
 * The simulated filler of a packaging line: its state machine and its physics, advanced in steps of model time by
 * {@link #tick(long)}. No clock and no threads: the same seed, behaviour and calls give the same values.
 *
 * <p>States: {@code STOPPED} until started; {@code RUNNING} fills bottles at the speed setpoint; now and then (see
 * {@link LineBehaviour}) the running line is starved ({@code IDLE} for a few seconds, then it runs again) or faults
 * ({@code FAULT} with a fault code, until the fault clears by itself or is reset, then {@code IDLE}, then running).
 * {@code STOP} stops it from any state; {@code START} is refused while faulted.
 *
 * <p>Physics: the product temperature follows the heater (setpoint while the machine is on, ambient when stopped)
 * with a first-order lag and noise; the filling pressure and the speed follow the state; the bowl level drains with
 * every bottle and is refilled by a valve with hysteresis. Bottles are counted (good or rejected) only while running.
 *
 * <p>Work orders: the MES writes the target quantity, then the order id ({@link #startOrder}); the line acknowledges by
 * echoing the id, runs, counts the order's good bottles and stops when they reach the target. An empty id ends the
 * order without stopping the line.
 *
 * <p>Thread-safe: ticks and operator writes may come from different threads.
 */
public final class FillerLine {

    public static final double TEMPERATURE_SETPOINT_MIN = 0.0;
    public static final double TEMPERATURE_SETPOINT_MAX = 95.0;
    public static final double TEMPERATURE_SETPOINT_DEFAULT = 65.0;
    public static final double SPEED_SETPOINT_MIN = 10.0;
    public static final double SPEED_SETPOINT_MAX = 600.0;
    public static final double SPEED_SETPOINT_DEFAULT = 300.0;

    static final double AMBIENT_TEMPERATURE = 20.0;
    static final double TEMPERATURE_TIME_CONSTANT_SECONDS = 20.0;
    static final double TEMPERATURE_NOISE = 0.05;
    static final double PRESSURE_RUNNING_BASE = 2.0;
    static final double PRESSURE_IDLE = 2.0;
    static final double PRESSURE_STOPPED = 1.0;
    static final double PRESSURE_TIME_CONSTANT_SECONDS = 1.5;
    static final double PRESSURE_NOISE = 0.01;
    static final double SPEED_RAMP_PER_SECOND = 100.0;
    static final double SPEED_NOISE = 0.3;
    static final double LEVEL_PER_BOTTLE = 0.1;
    static final double LEVEL_REFILL_PER_SECOND = 1.5;
    static final double LEVEL_REFILL_ON_BELOW = 40.0;
    static final double LEVEL_REFILL_OFF_ABOVE = 80.0;
    static final double LEVEL_NOISE = 0.02;

    private static final FillerFault[] FAULTS = {
        FillerFault.INFEED_JAM, FillerFault.CAPPER_TORQUE, FillerFault.FILL_VALVE, FillerFault.GUARD_DOOR_OPEN
    };

    private final Random random;
    private final LineBehaviour behaviour;

    private long modelMillis;
    private FillerState state;
    private FillerFault fault = FillerFault.NONE;
    /** Model time at which the current fault clears or the current idle spell ends; -1 = not scheduled. */
    private long stateEndsAtMillis = -1;

    private double temperatureSetpoint = TEMPERATURE_SETPOINT_DEFAULT;
    private double speedSetpoint = SPEED_SETPOINT_DEFAULT;
    private int lastCommand;

    private double temperature = TEMPERATURE_SETPOINT_DEFAULT;
    private double pressure;
    private double fillLevel = 60.0;
    private boolean refilling;
    private double speed;
    private double bottlesInProgress;
    private long goodCount;
    private long rejectCount;

    private long pendingTarget;
    private String orderId = "";
    private long orderTarget;
    private long orderGoodAtStart;

    /**
     * @param random    source of noise and disturbances (seed it for repeatable runs)
     * @param behaviour how often the line is disturbed
     * @param running   start in {@code RUNNING} rather than {@code STOPPED}
     */
    public FillerLine(Random random, LineBehaviour behaviour, boolean running) {
        this.random = Objects.requireNonNull(random, "random");
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        this.state = running ? FillerState.RUNNING : FillerState.STOPPED;
        this.pressure = targetPressure();
    }

    /** Advances model time by {@code millis} (> 0). */
    public synchronized void tick(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("tick must be > 0 ms, got " + millis);
        }
        modelMillis += millis;
        double seconds = millis / 1000.0;
        advanceStateMachine(seconds);
        advancePhysics(seconds);
    }

    /** Carries out an operator command, or refuses it with {@link CommandRefusedException}. */
    public synchronized void command(FillerCommand command) {
        switch (command) {
            case START -> {
                if (state == FillerState.FAULT) {
                    throw new CommandRefusedException(command, state);
                }
                enter(FillerState.RUNNING, -1);
            }
            case STOP -> {
                fault = FillerFault.NONE;
                enter(FillerState.STOPPED, -1);
            }
            case RESET -> {
                if (state == FillerState.FAULT) {
                    clearFault();
                }
            }
        }
        lastCommand = command.code();
    }

    public synchronized void setTemperatureSetpoint(double value) {
        requireInRange("Temperature", value, TEMPERATURE_SETPOINT_MIN, TEMPERATURE_SETPOINT_MAX);
        temperatureSetpoint = value;
    }

    public synchronized void setSpeedSetpoint(double value) {
        requireInRange("Speed", value, SPEED_SETPOINT_MIN, SPEED_SETPOINT_MAX);
        speedSetpoint = value;
    }

    /** The target quantity of the next order (taken when its id is written). */
    public synchronized void setOrderTarget(long target) {
        if (target < 1) {
            throw new SetpointOutOfRangeException("TargetQuantity", target, 1, Integer.MAX_VALUE);
        }
        pendingTarget = target;
    }

    /**
     * Takes an order: acknowledges it (the snapshot's order id) and runs until its good count reaches the target
     * set before; a faulted line runs once the fault clears. An empty id ends the current order.
     *
     * @throws CommandRefusedException when no target quantity was set first
     */
    public synchronized void startOrder(String id) {
        String trimmed = id == null ? "" : id.trim();
        if (trimmed.isEmpty()) {
            orderId = "";
            orderTarget = 0;
            return;
        }
        if (pendingTarget < 1) {
            throw new CommandRefusedException(FillerCommand.START, state);
        }
        orderId = trimmed;
        orderTarget = pendingTarget;
        orderGoodAtStart = goodCount;
        if (state != FillerState.FAULT) {
            enter(FillerState.RUNNING, -1);
        }
    }

    public synchronized FillerSnapshot snapshot() {
        return new FillerSnapshot(modelMillis, state, fault, temperature, pressure, fillLevel, speed, goodCount,
                rejectCount, temperatureSetpoint, speedSetpoint, lastCommand, orderId, pendingTarget,
                orderId.isEmpty() ? 0 : goodCount - orderGoodAtStart);
    }

    private boolean orderDone() {
        return !orderId.isEmpty() && goodCount - orderGoodAtStart >= orderTarget;
    }

    private static void requireInRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) { // also refuses NaN
            throw new SetpointOutOfRangeException(name, value, min, max);
        }
    }

    private void advanceStateMachine(double seconds) {
        switch (state) {
            case RUNNING -> {
                if (behaviour.meanRunSeconds() > 0 && random.nextDouble() < seconds / behaviour.meanRunSeconds()) {
                    disturb();
                }
            }
            case FAULT -> {
                if (stateEndsAtMillis >= 0 && modelMillis >= stateEndsAtMillis) {
                    clearFault();
                }
            }
            case IDLE -> {
                if (stateEndsAtMillis >= 0 && modelMillis >= stateEndsAtMillis) {
                    enter(FillerState.RUNNING, -1);
                }
            }
            case STOPPED -> {
                // stays stopped until started
            }
        }
    }

    private void disturb() {
        if (random.nextDouble() < behaviour.faultShare()) {
            fault = FAULTS[random.nextInt(FAULTS.length)];
            enter(FillerState.FAULT, behaviour.faultSeconds() > 0 ? endsAfter(behaviour.faultSeconds()) : -1);
        } else {
            enter(FillerState.IDLE, endsAfter(behaviour.idleSeconds()));
        }
    }

    /** A cleared fault leaves the line idle for a while; then it runs again. */
    private void clearFault() {
        fault = FillerFault.NONE;
        enter(FillerState.IDLE, endsAfter(behaviour.idleSeconds()));
    }

    /** Model time after a random span of 0.5 to 1.5 times the mean. */
    private long endsAfter(double meanSeconds) {
        return modelMillis + Math.round(meanSeconds * (0.5 + random.nextDouble()) * 1000);
    }

    private void enter(FillerState next, long endsAtMillis) {
        state = next;
        stateEndsAtMillis = endsAtMillis;
    }

    private void advancePhysics(double seconds) {
        // heater: on unless stopped
        double heaterTarget = state == FillerState.STOPPED ? AMBIENT_TEMPERATURE : temperatureSetpoint;
        temperature += (heaterTarget - temperature) * lag(seconds, TEMPERATURE_TIME_CONSTANT_SECONDS)
                + random.nextGaussian() * TEMPERATURE_NOISE;

        pressure += (targetPressure() - pressure) * lag(seconds, PRESSURE_TIME_CONSTANT_SECONDS)
                + random.nextGaussian() * PRESSURE_NOISE;
        pressure = Math.max(0, pressure);

        double speedTarget = state == FillerState.RUNNING ? speedSetpoint : 0;
        double maxStep = SPEED_RAMP_PER_SECOND * seconds;
        speed += Math.max(-maxStep, Math.min(maxStep, speedTarget - speed));
        if (state == FillerState.RUNNING) {
            speed = Math.max(0, speed + random.nextGaussian() * SPEED_NOISE);
        }

        int bottles = 0;
        if (state == FillerState.RUNNING) {
            bottlesInProgress += speed / 60.0 * seconds;
            bottles = (int) bottlesInProgress;
            bottlesInProgress -= bottles;
            for (int i = 0; i < bottles && !orderDone(); i++) {
                if (behaviour.rejectRate() > 0 && random.nextDouble() < behaviour.rejectRate()) {
                    rejectCount++;
                } else {
                    goodCount++;
                }
            }
            if (orderDone()) {
                enter(FillerState.STOPPED, -1); // the order's quantity is made: the line stops and waits
            }
        }

        if (fillLevel < LEVEL_REFILL_ON_BELOW) {
            refilling = true;
        } else if (fillLevel > LEVEL_REFILL_OFF_ABOVE) {
            refilling = false;
        }
        fillLevel += (refilling ? LEVEL_REFILL_PER_SECOND * seconds : 0) - bottles * LEVEL_PER_BOTTLE
                + random.nextGaussian() * LEVEL_NOISE;
        fillLevel = Math.max(0, Math.min(100, fillLevel));
    }

    private double targetPressure() {
        return switch (state) {
            case RUNNING -> PRESSURE_RUNNING_BASE + speed / SPEED_SETPOINT_MAX;
            case IDLE, FAULT -> PRESSURE_IDLE;
            case STOPPED -> PRESSURE_STOPPED;
        };
    }

    /** Share of the gap closed in {@code seconds} by a first-order lag with time constant {@code tau}. */
    private static double lag(double seconds, double tau) {
        return 1 - Math.exp(-seconds / tau);
    }
}
