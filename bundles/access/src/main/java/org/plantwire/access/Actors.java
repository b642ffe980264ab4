package org.plantwire.access;

import java.security.AccessController;
import java.util.List;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/** Actors from the JAAS subject Karaf runs a shell command (or any code) as. */
public final class Actors {

    private Actors() {
    }

    /** The calling thread's JAAS user and highest Plantwire role, acting from {@code source} (e.g. {@code shell}). */
    @SuppressWarnings("removal") // Karaf 4.4 runs shell commands as the session's Subject through AccessController
    public static Actor current(String source) {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject == null) {
            return new Actor("unknown", null, source);
        }
        String user = subject.getPrincipals(UserPrincipal.class).stream().map(UserPrincipal::getName).findFirst()
                .orElse("unknown");
        List<String> roles = subject.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::getName).toList();
        return new Actor(user, Role.highest(roles).orElse(null), source);
    }
}
