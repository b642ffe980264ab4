package org.plantwire.shell.internal;

import org.plantwire.access.Actor;
import org.plantwire.access.Actors;

/** The shell session's user and Plantwire role. */
final class ShellActor {

    private ShellActor() {
    }

    static Actor current() {
        return Actors.current("shell");
    }
}
