package org.plantwire.plant;

/**
 * What a connector may ask of its device at once.
 *
 * @param maxItemsPerSubscription OPC UA: monitored items per subscription (servers often cap it; more tags are
 *                                split over several subscriptions)
 * @param maxRegistersPerRequest  Modbus: registers (or coils / 16) read in one request (the protocol allows 125)
 * @param maxGap                  Modbus: unused registers a batched read may span to save a request (default 0:
 *                                only contiguous ranges, as many PLCs refuse a read touching an unmapped register)
 */
public record Limits(int maxItemsPerSubscription, int maxRegistersPerRequest, int maxGap) {

    public static final Limits DEFAULTS = new Limits(1000, 125, 0);
}
