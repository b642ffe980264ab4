package org.plantwire.buffer;

/** What a forwarder (a version of a publisher taking entries from a buffer) says about itself, for the shell. */
public interface ForwarderStatus {

    /** The OSGi bundle it runs in. */
    long bundleId();

    /** True while it forwards; false while it stands by beside another version. */
    boolean active();

    /** True while connected to its peer (e.g. the MQTT broker). */
    boolean connected();

    /** The last problem, or null. */
    String lastError();

    /** When the last problem happened, epoch ms; 0 when none. */
    long lastErrorTime();
}
