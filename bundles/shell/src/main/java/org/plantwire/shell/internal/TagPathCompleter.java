package org.plantwire.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagInfo;
import org.plantwire.api.TagPattern;

/** Completes the paths of the tags the bus knows. */
@Service
public class TagPathCompleter implements Completer {

    @Reference
    TagBus bus;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (TagInfo info : bus.tags(TagPattern.all())) {
            delegate.getStrings().add(info.path().toString());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
