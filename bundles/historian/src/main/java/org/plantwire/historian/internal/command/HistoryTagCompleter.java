package org.plantwire.historian.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.plantwire.historian.Historian;

/** Completes the paths of the tags with recorded history. */
@Service
public class HistoryTagCompleter implements Completer {

    @Reference
    Historian historian;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        historian.tags().forEach(path -> delegate.getStrings().add(path.toString()));
        return delegate.complete(session, commandLine, candidates);
    }
}
