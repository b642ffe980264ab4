package org.plantwire.shell.internal;

import java.security.AccessController;
import java.util.List;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.shell.support.ShellUtil;
import org.plantwire.access.Actor;
import org.plantwire.access.Role;

/** The shell session's user and Plantwire role, from the JAAS subject Karaf runs each command as. */
final class ShellActor {

    private ShellActor() {
    }

    @SuppressWarnings("removal") // Karaf 4.4 runs commands as the session's Subject through AccessController
    static Actor current() {
        String user = ShellUtil.getCurrentUserName();
        Subject subject = Subject.getSubject(AccessController.getContext());
        List<String> roles = subject == null ? List.of()
                : subject.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::getName).toList();
        return new Actor(user == null ? "unknown" : user, Role.highest(roles).orElse(null), "shell");
    }
}
