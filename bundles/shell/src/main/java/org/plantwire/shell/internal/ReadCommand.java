package org.plantwire.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.api.DataType;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagInfo;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagValue;
import org.plantwire.api.UnknownTagException;

@Command(scope = "plant", name = "read", description = "Shows one tag: value, quality, times, type, unit, owner.")
@Service
public class ReadCommand implements Action {

    @Argument(index = 0, name = "path", required = true, description = "The tag's path, e.g. acme/woodlands/packaging/line1/filler/temperature")
    @Completion(TagPathCompleter.class)
    String path;

    @Reference
    TagBus bus;

    @Override
    public Object execute() {
        TagPath tagPath = TagPath.of(path);
        TagInfo info = bus.info(tagPath).orElseThrow(() -> new UnknownTagException(tagPath));
        TagValue value = info.value();
        TagDefinition def = info.definition();
        DataType type = info.type();
        long now = System.currentTimeMillis();
        ShellTable table = new ShellTable().noHeaders();
        table.column("Field").bold();
        table.column("Value");
        table.addRow().addContent("Path", tagPath);
        table.addRow().addContent("Value", Format.value(value) + (def != null && !def.unit().isEmpty() ? " " + def.unit() : ""));
        table.addRow().addContent("Quality", value == null ? "- (no value yet)" : value.quality().label());
        table.addRow().addContent("Type", type == null ? "-" : type.toString());
        table.addRow().addContent("Source time", value == null ? "-" : Format.time(value.sourceTime()));
        table.addRow().addContent("Received", value == null ? "-" : Format.time(value.receivedTime())
                + " (" + Format.age(value.receivedTime(), now) + " ago)");
        table.addRow().addContent("Owner", Format.orDash(info.owner()));
        table.addRow().addContent("Writable", def == null ? (info.owner() == null ? "no (no owner)" : "by owner") : def.writable() ? "yes" : "no");
        if (def != null && (def.min() != null || def.max() != null)) {
            table.addRow().addContent("Limits", (def.min() == null ? "-inf" : Format.value(def.min())) + " .. "
                    + (def.max() == null ? "+inf" : Format.value(def.max())));
        }
        if (def != null && !def.description().isEmpty()) {
            table.addRow().addContent("Description", def.description());
        }
        table.addRow().addContent("Updates", info.updates());
        table.print(System.out);
        return null;
    }
}
