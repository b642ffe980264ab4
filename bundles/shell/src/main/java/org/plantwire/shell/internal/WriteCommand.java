package org.plantwire.shell.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.ShellUtil;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagException;
import org.plantwire.api.TagPath;
import org.plantwire.api.WriteResult;

@Command(scope = "plant", name = "write",
        description = "Writes a value to a tag through the connector that owns it and prints the device's answer.")
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
    TagBus bus;

    @Override
    public Object execute() throws Exception {
        TagPath tagPath = TagPath.of(path);
        String user = ShellUtil.getCurrentUserName();
        WriteResult result;
        try {
            result = bus.write(tagPath, value, "shell:" + (user == null ? "unknown" : user))
                    .toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Write to " + tagPath + ": no answer within " + timeoutSeconds + " s");
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof TagException ? (TagException) cause : new IllegalStateException("Write to " + tagPath + " failed: " + cause.getMessage(), cause);
        }
        String via = result.connector() == null ? "" : " via " + result.connector();
        if (!result.success()) {
            throw new IllegalStateException("Write of " + Format.value(result.value()) + " to " + tagPath + " FAILED" + via
                    + ": " + result.message());
        }
        System.out.println("Wrote " + Format.value(result.value()) + " to " + tagPath + via + " in "
                + result.durationMillis() + " ms: " + result.message());
        return null;
    }
}
