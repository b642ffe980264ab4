package org.plantwire.access.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.plantwire.access.Actor;
import org.plantwire.access.AuditEntry;
import org.plantwire.access.AuditTrail;
import org.plantwire.access.Role;
import org.plantwire.access.SetpointWriter;
import org.plantwire.access.WriteOutcome;
import org.plantwire.access.WriteOutcome.Result;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.api.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, writes, verifies and audits. The tag bus checks what it knows (unknown tag, no owner, read-only, type,
 * limits); this adds who may write, the read-back and the record.
 */
@Component(service = SetpointWriter.class, configurationPid = "org.plantwire.access")
@Designate(ocd = AccessConfig.class)
public final class SetpointWriterImpl implements SetpointWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SetpointWriterImpl.class);

    private static final long READ_BACK_POLL_MILLIS = 20;

    private final TagBus bus;
    private final AuditTrail audit;
    private final ScheduledExecutorService readBack = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plantwire-write-read-back");
        t.setDaemon(true);
        return t;
    });
    private volatile List<TagPattern> operatorWritable;
    private volatile long readBackMillis;

    @Activate
    public SetpointWriterImpl(@Reference TagBus bus, @Reference AuditTrail audit, AccessConfig config) {
        this.bus = bus;
        this.audit = audit;
        modified(config);
    }

    @Modified
    void modified(AccessConfig config) {
        // a .cfg file gives one comma-separated string, a .config file an array: take both
        operatorWritable = java.util.Arrays.stream(config.operatorWritable()).flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::trim).filter(s -> !s.isEmpty()).map(TagPattern::of).toList();
        readBackMillis = Math.max(0, config.readBackMillis());
    }

    @Deactivate
    void deactivate() {
        readBack.shutdownNow();
    }

    @Override
    public Role roleToWrite(TagPath path) {
        for (TagPattern p : operatorWritable) {
            if (p.matches(path)) {
                return Role.OPERATOR;
            }
        }
        return Role.ENGINEER;
    }

    @Override
    public CompletionStage<WriteOutcome> write(Actor actor, TagPath path, Object value) {
        Object old = bus.read(path).map(TagValue::value).orElse(null);
        Role needed = roleToWrite(path);
        if (!actor.has(needed)) {
            return done(actor, new WriteOutcome(path, old, value, Result.REFUSED, actor.user() + " may not write " + path
                    + ": it takes the " + needed.roleName() + " role, " + actor.user() + " has "
                    + (actor.role() == null ? "none" : "the " + actor.role().roleName() + " role"), null));
        }
        CompletionStage<WriteResult> sent;
        try {
            sent = bus.write(path, value, actor.source() + ":" + actor.user());
        } catch (RuntimeException e) { // unknown tag, no owner, read-only, wrong type, outside the limits
            return done(actor, new WriteOutcome(path, old, value, Result.REFUSED, e.getMessage(), null));
        }
        CompletableFuture<WriteOutcome> outcome = new CompletableFuture<>();
        sent.whenComplete((r, e) -> {
            if (e != null) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                outcome.complete(new WriteOutcome(path, old, value, Result.FAILED, String.valueOf(cause.getMessage()), null));
            } else if (!r.success()) {
                outcome.complete(new WriteOutcome(path, old, r.value(), Result.FAILED, r.message(), r.connector()));
            } else {
                awaitReadBack(r, old, outcome);
            }
        });
        return outcome.thenApply(o -> {
            recordWrite(actor, o);
            return o;
        });
    }

    /** Confirmed once the tag reads back the written value with good quality; unconfirmed after readBackMillis. */
    private void awaitReadBack(WriteResult r, Object old, CompletableFuture<WriteOutcome> outcome) {
        long deadline = System.currentTimeMillis() + readBackMillis;
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable check = () -> {
            TagValue now = bus.read(r.path()).orElse(null);
            if (now != null && now.quality().isGood() && same(now.value(), r.value())) {
                outcome.complete(new WriteOutcome(r.path(), old, r.value(), Result.CONFIRMED, r.message(), r.connector()));
            } else if (System.currentTimeMillis() >= deadline) {
                outcome.complete(new WriteOutcome(r.path(), old, r.value(), Result.UNCONFIRMED, r.message()
                        + "; read back " + (now == null ? "nothing" : now.value() + " (" + now.quality() + ")")
                        + " within " + readBackMillis + " ms", r.connector()));
            }
            if (outcome.isDone() && task.get() != null) {
                task.get().cancel(false);
            }
        };
        try {
            task.set(readBack.scheduleAtFixedRate(check, 0, READ_BACK_POLL_MILLIS, TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            outcome.complete(new WriteOutcome(r.path(), old, r.value(), Result.UNCONFIRMED, r.message()
                    + "; not read back: stopping", r.connector()));
        }
    }

    /** Equal, numbers within float precision (a float32 register reads back 72.30000305 for 72.3). */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            double p = x.doubleValue();
            double q = y.doubleValue();
            return Math.abs(p - q) <= 1e-6 * Math.max(1, Math.max(Math.abs(p), Math.abs(q)));
        }
        return Objects.equals(a, b);
    }

    private CompletionStage<WriteOutcome> done(Actor actor, WriteOutcome o) {
        recordWrite(actor, o);
        return CompletableFuture.completedFuture(o);
    }

    private void recordWrite(Actor actor, WriteOutcome o) {
        try {
            audit.record(entry(actor, o));
        } catch (RuntimeException e) {
            // the write has happened (or was refused) all the same: say so loudly rather than hide its outcome
            LOG.error("Not in the audit trail: {} write {} = {}: {} ({})", actor, o.path(), o.newValue(), o.result().label(),
                    e.getMessage());
        }
    }

    private static AuditEntry entry(Actor actor, WriteOutcome o) {
        return new AuditEntry(System.currentTimeMillis(), actor.user(),
                actor.role() == null ? "none" : actor.role().roleName(), actor.source(), "write", o.path().toString(),
                o.oldValue() == null ? null : String.valueOf(o.oldValue()),
                o.newValue() == null ? null : String.valueOf(o.newValue()), o.result().label(), o.message());
    }
}
