package org.plantwire.shell.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.plantwire.access.Actors;
import org.plantwire.access.SetpointWriter;
import org.plantwire.access.WriteOutcome;
import org.plantwire.api.TagPath;

@Command(scope = "plant", name = "write",
        description = "Writes a value to a tag as the shell's user (checked against the user's role and the tag's limits),"
        + " through the connector that owns it; prints the device's answer and whether the tag read the value back. Audited.")
@Service
public class WriteCommand implements Action {

    @Argument(index = 0, name = "path", required = true, description = "The tag's path")
    @Completion(TagPathCompleter.class)
    String path;

    @Argument(index = 1, name = "value", required = true, description = "The value; converted to the tag's type (true/false, integer, float, text)")
    String value;

    @Option(name = "--timeout", aliases = "-t", description = "Seconds to wait for the connector's answer (default 30)")
    int timeoutSeconds = 30;

    @Reference
    SetpointWriter writer;

    @Override
    public Object execute() throws Exception {
        TagPath tagPath = TagPath.of(path);
        WriteOutcome o;
        try {
            o = writer.write(Actors.current("shell"), tagPath, value).toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Write to " + tagPath + ": no answer within " + timeoutSeconds + " s");
        }
        String via = o.connector() == null ? "" : " via " + o.connector();
        switch (o.result()) {
            case CONFIRMED -> System.out.println("Wrote " + Format.value(o.newValue()) + " to " + tagPath + via
                    + ", read back: " + o.message() + " (was " + Format.value(o.oldValue()) + ")");
            case UNCONFIRMED -> System.out.println("Wrote " + Format.value(o.newValue()) + " to " + tagPath + via
                    + ", NOT read back: " + o.message());
            case FAILED -> throw new IllegalStateException("Write of " + Format.value(o.newValue()) + " to " + tagPath
                    + " FAILED" + via + ": " + o.message());
            default -> throw new IllegalStateException("Write to " + tagPath + " refused: " + o.message());
        }
        return null;
    }
}
