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
import org.plantwire.api.TagBus;
import org.plantwire.api.TagInfo;
import org.plantwire.api.TagPattern;

@Command(scope = "plant", name = "tags", description = "Lists tags with their current value, quality, age and owning connector.")
@Service
public class TagsCommand implements Action {

    @Argument(index = 0, name = "pattern", description = "Tag pattern with MQTT wildcards: + for one level, # for the rest (default: #)")
    @Completion(TagPathCompleter.class)
    String pattern = "#";

    @Option(name = "--not-good", aliases = "-b", description = "Only tags whose quality is not good")
    boolean notGood;

    @Option(name = "--owner", aliases = "-o", description = "Only tags owned by this connector")
    @Completion(ConnectorNameCompleter.class)
    String owner;

    @Reference
    TagBus bus;

    @Override
    public Object execute() {
        List<TagInfo> tags = bus.tags(TagPattern.of(pattern));
        long now = System.currentTimeMillis();
        ShellTable table = new ShellTable().emptyTableText("No tag matches " + pattern);
        table.column("Path");
        table.column("Value").alignRight().maxSize(40);
        table.column("Unit");
        table.column("Quality");
        table.column("Age").alignRight();
        table.column("Owner");
        for (TagInfo tag : tags) {
            if (notGood && tag.value() != null && tag.value().quality().isGood()) {
                continue;
            }
            if (owner != null && !owner.equals(tag.owner())) {
                continue;
            }
            table.addRow().addContent(
                    tag.path().toString(),
                    Format.value(tag.value()),
                    tag.definition() == null ? "" : tag.definition().unit(),
                    tag.value() == null ? "-" : tag.value().quality().label(),
                    tag.value() == null ? "-" : Format.age(tag.value().receivedTime(), now),
                    Format.orDash(tag.owner()));
        }
        table.print(System.out);
        return null;
    }
}
