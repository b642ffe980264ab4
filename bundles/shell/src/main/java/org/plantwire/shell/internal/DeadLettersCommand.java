package org.plantwire.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.api.DeadLetter;
import org.plantwire.api.DeadLetters;

@Command(scope = "plant", name = "dead-letters",
        description = "Lists what connectors received but could not use (malformed payloads, wrong types), newest last.")
@Service
public class DeadLettersCommand implements Action {

    @Argument(index = 0, name = "connector", description = "Only this connector's dead letters")
    @Completion(ConnectorNameCompleter.class)
    String connector;

    @Option(name = "--max", aliases = "-n", description = "How many to show (default 20)")
    int max = 20;

    @Option(name = "--clear", description = "Forget them (of the connector, or all)")
    boolean clear;

    @Reference
    DeadLetters deadLetters;

    @Override
    public Object execute() {
        if (clear) {
            System.out.println("Forgot " + deadLetters.clear(connector) + " dead letters");
            return null;
        }
        List<DeadLetter> list = deadLetters.list(connector, max);
        long now = System.currentTimeMillis();
        ShellTable table = new ShellTable().emptyTableText("No dead letters" + (connector == null ? "" : " of " + connector));
        table.column("Age").alignRight();
        table.column("Connector");
        table.column("Source").maxSize(40);
        table.column("Reason").maxSize(70).wrap();
        table.column("Payload").maxSize(60).wrap();
        for (DeadLetter l : list) {
            table.addRow().addContent(Format.age(l.time(), now), l.connector(), l.source(), l.reason(),
                    l.payload().replace('\n', ' '));
        }
        table.print(System.out);
        int total = deadLetters.count(connector);
        if (total > list.size()) {
            System.out.println(list.size() + " of " + total + " shown; use -n to see more");
        }
        return null;
    }
}
