package org.plantwire.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.plantwire.api.ConnectorSummary;
import org.plantwire.api.TagBus;

/** Completes the names of the connectors registered with the bus. */
@Service
public class ConnectorNameCompleter implements Completer {

    @Reference
    TagBus bus;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (ConnectorSummary c : bus.connectors()) {
            delegate.getStrings().add(c.name());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
