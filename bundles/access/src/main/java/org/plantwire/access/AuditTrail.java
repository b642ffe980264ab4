package org.plantwire.access;

import java.util.List;

/** The audit trail: every action by a person or a service on the plant, kept on disk, never rewritten. */
public interface AuditTrail {

    /** Records an entry (on disk before this returns). */
    void record(AuditEntry entry);

    /**
     * The newest entries first.
     *
     * @param limit  at most this many
     * @param filter only entries whose user, action, target or result contains this text (case-insensitive); null for all
     */
    List<AuditEntry> recent(int limit, String filter);
}
