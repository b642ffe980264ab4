package org.plantwire.api;

/**
 * Receives tag changes from a {@link TagBus} subscription. Called on the subscription's own delivery thread,
 * one event at a time, in publication order for each tag. An exception thrown here is counted and logged;
 * it never reaches the publisher nor stops the subscription.
 */
@FunctionalInterface
public interface TagListener {
    void onTag(TagPath path, TagValue value) throws Exception;
}
