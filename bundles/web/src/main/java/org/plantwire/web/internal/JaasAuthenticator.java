package org.plantwire.web.internal;

import java.util.List;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.plantwire.access.Actor;
import org.plantwire.access.AuditEntry;
import org.plantwire.access.AuditTrail;
import org.plantwire.access.Role;
import org.plantwire.web.ApiException;

/**
 * Logs users in against the Karaf JAAS realm; repeated failures are throttled; failures and lock-outs are audited.
 * One instance for the bundle, so logins by session and by HTTP Basic count against the same throttle.
 */
@Component(service = JaasAuthenticator.class, configurationPid = "org.plantwire.web")
@Designate(ocd = WebConfig.class)
public final class JaasAuthenticator {

    private final String realm;
    private final LoginThrottle throttle;
    private final AuditTrail audit;

    private final int sessionSeconds;

    @Activate
    public JaasAuthenticator(WebConfig config, @Reference AuditTrail audit) {
        this.sessionSeconds = Math.max(1, config.sessionMinutes()) * 60;
        this.realm = config.realm();
        this.throttle = new LoginThrottle(config.maxFailures(), config.failureWindowSeconds() * 1000L,
                config.lockoutSeconds() * 1000L);
        this.audit = audit;
    }

    /** The user as an actor from {@code source}; 401 for wrong credentials, 429 while the name is locked. */
    Actor login(String user, String password, String source, String from) {
        if (user == null || user.isBlank() || password == null) {
            throw new ApiException(400, "user and password are required");
        }
        long now = System.currentTimeMillis();
        long locked = throttle.lockedFor(user, now);
        if (locked > 0) {
            record(user, source, "refused", "locked after repeated failed logins (from " + from + ")");
            throw new ApiException(429, "too many failed logins for " + user + "; try again in "
                    + ((locked + 999) / 1000) + " s");
        }
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(getClass().getClassLoader());
        try {
            LoginContext context = new LoginContext(realm, subject, callbacks -> {
                for (Callback c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(user);
                    } else if (c instanceof PasswordCallback p) {
                        p.setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            });
            context.login();
        } catch (LoginException e) {
            boolean lockedNow = throttle.failed(user, now);
            record(user, source, "refused", "wrong user or password (from " + from + ")"
                    + (lockedNow ? "; locked for a while" : ""));
            throw new ApiException(401, "wrong user or password");
        } finally {
            thread.setContextClassLoader(before);
        }
        throttle.succeeded(user);
        List<String> roles = subject.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::getName).toList();
        return new Actor(user, Role.highest(roles).orElse(null), source);
    }

    /** How long a session lasts without a request. */
    int sessionSeconds() {
        return sessionSeconds;
    }

    /** Records a successful session login. */
    void loggedIn(Actor actor, String from) {
        audit.record(new AuditEntry(System.currentTimeMillis(), actor.user(),
                actor.role() == null ? "none" : actor.role().roleName(), actor.source(), "login", realm, null, null, "ok",
                "from " + from));
    }

    private void record(String user, String source, String result, String message) {
        audit.record(new AuditEntry(System.currentTimeMillis(), user, "none", source, "login", realm, null, null, result,
                message));
    }
}
