package org.plantwire.web.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.plantwire.access.Actor;
import org.plantwire.access.Role;
import org.plantwire.access.SetpointWriter;
import org.plantwire.access.WriteOutcome;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagDefinition;
import org.plantwire.api.TagInfo;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.web.ApiException;
import org.plantwire.web.JsonServlet;
import org.plantwire.web.PlantwireWeb;

/**
 * Tags: {@code GET /api/tags?pattern=acme/#} lists them (any role), {@code GET /api/tags/<path>} reads one,
 * {@code PUT /api/tags/<path>} with {@code {"value": ...}} writes one through the {@link SetpointWriter} (role, limits,
 * read-back, audit). A write answers 200 with the outcome when the device took it, 403 for a role too low, 404 for an
 * unknown tag, 400 for a value the tag refuses, 502 when the device refused.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=plantwire-tags",
        "osgi.http.whiteboard.servlet.pattern=/api/tags/*",
        "osgi.http.whiteboard.context.select=" + PlantwireWeb.CONTEXT_SELECT})
public final class TagsServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_TAGS = 10_000;

    /** The write request. */
    record Write(Object value) {
    }

    private final transient TagBus bus;
    private final transient SetpointWriter writer;

    @Activate
    public TagsServlet(@Reference TagBus bus, @Reference SetpointWriter writer) {
        this.bus = bus;
        this.writer = writer;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        require(req, Role.VIEWER);
        TagPath path = path(req);
        if (path != null) {
            TagInfo info = bus.info(path).orElseThrow(() -> ApiException.notFound("unknown tag " + path));
            send(resp, 200, json(info));
            return;
        }
        String pattern = req.getParameter("pattern");
        TagPattern p;
        try {
            p = TagPattern.of(pattern == null || pattern.isBlank() ? "#" : pattern);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("pattern: " + e.getMessage());
        }
        List<Map<String, Object>> tags = new ArrayList<>();
        for (TagInfo info : bus.tags(p)) {
            if (tags.size() >= MAX_TAGS) {
                break;
            }
            tags.add(json(info));
        }
        send(resp, 200, tags);
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Actor actor = actor(req);
        TagPath path = path(req);
        if (path == null) {
            throw ApiException.badRequest("PUT /api/tags/<path>");
        }
        Write write = body(req, Write.class);
        WriteOutcome o;
        try {
            o = writer.write(actor, path, write.value()).toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(504, "no answer to the write of " + path + " within 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted");
        } catch (ExecutionException e) {
            throw new ApiException(500, String.valueOf(e.getCause().getMessage()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", path.toString());
        body.put("result", o.result().label());
        body.put("oldValue", o.oldValue());
        body.put("value", o.newValue());
        body.put("connector", o.connector());
        body.put("message", o.message());
        send(resp, status(o, actor, path), body);
    }

    private int status(WriteOutcome o, Actor actor, TagPath path) {
        return switch (o.result()) {
            case CONFIRMED, UNCONFIRMED -> 200;
            case FAILED -> 502;
            case REFUSED -> !actor.has(writer.roleToWrite(path)) ? 403 : bus.info(path).isEmpty() ? 404 : 400;
        };
    }

    /** The tag path after /api/tags/, or null for the list. */
    private static TagPath path(HttpServletRequest req) {
        String info = req.getPathInfo();
        if (info == null || info.equals("/") || info.isEmpty()) {
            return null;
        }
        try {
            return TagPath.of(info.substring(1));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("tag path: " + e.getMessage());
        }
    }

    private Map<String, Object> json(TagInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", info.path().toString());
        TagValue v = info.value();
        m.put("value", v == null ? null : v.value());
        m.put("quality", v == null ? null : v.quality().toString());
        m.put("sourceTime", v == null ? null : Instant.ofEpochMilli(v.sourceTime()).toString());
        TagDefinition d = info.definition();
        m.put("unit", d == null ? null : d.unit());
        m.put("owner", info.owner());
        boolean writable = d != null && d.writable();
        m.put("writable", writable);
        if (writable) {
            m.put("min", d.min());
            m.put("max", d.max());
            m.put("roleToWrite", writer.roleToWrite(info.path()).roleName());
        }
        return m;
    }
}
