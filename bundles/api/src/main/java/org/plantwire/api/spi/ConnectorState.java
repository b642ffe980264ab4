package org.plantwire.api.spi;

/** Where a connector is in its life. */
public enum ConnectorState {
    /** Starting up, not yet connected. */
    STARTING,
    /** Connected to its device and delivering data. */
    CONNECTED,
    /** Lost its device; retrying with back-off. Its tags are bad(not-connected). */
    DISCONNECTED,
    /** Running, connected, but not the active owner of its tags (e.g. during an upgrade). */
    STANDBY,
    /** Failed in a way it cannot recover from by itself (e.g. a configuration error). */
    FAILED,
    /** Stopped on purpose. */
    STOPPED
}
