package org.plantwire.tagbus.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.WriteResult;
import org.plantwire.api.spi.ConnectorState;
import org.plantwire.api.spi.ConnectorStatus;
import org.plantwire.api.spi.TagOwner;
import org.plantwire.api.spi.WriteRequest;

/** A small connector for tests: owns the tags under a pattern, records writes, answers as told. */
class TestOwner implements TagOwner {

    final String name;
    final TagPattern pattern;
    final Map<TagPath, TagDefinition> definitions = new ConcurrentHashMap<>();
    final List<WriteRequest> writes = new CopyOnWriteArrayList<>();
    volatile Function<WriteRequest, CompletionStage<WriteResult>> answer =
            r -> CompletableFuture.completedFuture(WriteResult.ok(r.path(), r.value(), "done"));
    volatile ConnectorStatus status = ConnectorStatus.of(ConnectorState.CONNECTED);

    TestOwner(String name, String pattern, TagDefinition... defs) {
        this.name = name;
        this.pattern = TagPattern.of(pattern);
        for (TagDefinition d : defs) {
            definitions.put(d.path(), d);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String protocol() {
        return "test";
    }

    @Override
    public String endpoint() {
        return "test://" + name;
    }

    @Override
    public boolean owns(TagPath path) {
        return pattern.matches(path);
    }

    @Override
    public TagDefinition definition(TagPath path) {
        return definitions.get(path);
    }

    @Override
    public Iterable<TagDefinition> definitions() {
        return new ArrayList<>(definitions.values());
    }

    @Override
    public CompletionStage<WriteResult> write(WriteRequest request) throws Exception {
        writes.add(request);
        return answer.apply(request);
    }

    @Override
    public ConnectorStatus status() {
        return status;
    }
}
