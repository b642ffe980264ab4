package org.plantwire.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.AsyncContext;
import javax.servlet.Servlet;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.plantwire.access.Actor;
import org.plantwire.access.Role;
import org.plantwire.api.Subscription;
import org.plantwire.api.TagBus;
import org.plantwire.api.TagPath;
import org.plantwire.api.TagPattern;
import org.plantwire.api.TagValue;
import org.plantwire.web.ApiException;
import org.plantwire.web.JsonServlet;
import org.plantwire.web.PlantwireWeb;

/**
 * {@code GET /api/stream?pattern=acme/woodlands/#}: server-sent events, one {@code tag} event per value change of the
 * matching tags (the current values first), pushed as they happen; a comment every 15 s keeps proxies from closing
 * the stream and finds clients that went away. At most {@link #MAX_STREAMS} streams at once (503 beyond).
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=plantwire-stream",
        "osgi.http.whiteboard.servlet.pattern=/api/stream",
        "osgi.http.whiteboard.servlet.asyncSupported=true",
        "osgi.http.whiteboard.context.select=" + PlantwireWeb.CONTEXT_SELECT})
public final class StreamServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_STREAMS = 50;
    /** Changes a slow client may fall behind by before its oldest are dropped by the bus. */
    private static final int QUEUE = 10_000;

    private final transient TagBus bus;
    private final transient ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plantwire-sse-keepalive");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger open = new AtomicInteger();

    @Activate
    public StreamServlet(@Reference TagBus bus) {
        this.bus = bus;
    }

    @Deactivate
    void deactivate() {
        keepAlive.shutdownNow();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Actor actor = require(req, Role.VIEWER);
        String p = req.getParameter("pattern");
        TagPattern pattern;
        try {
            pattern = TagPattern.of(p == null || p.isBlank() ? "#" : p);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("pattern: " + e.getMessage());
        }
        if (open.incrementAndGet() > MAX_STREAMS) {
            open.decrementAndGet();
            throw new ApiException(503, "too many open streams (" + MAX_STREAMS + ")");
        }
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        Stream stream = new Stream(async, resp.getOutputStream());
        try {
            stream.send(": stream of " + pattern + " for " + actor.user() + "\n\n");
            stream.subscription = bus.subscribe(pattern, stream::onTag, "sse " + actor.user() + " " + pattern, QUEUE, true);
            stream.ping = keepAlive.scheduleAtFixedRate(() -> stream.send(": keep-alive\n\n"), 15, 15, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            stream.close(); // gives its place back
            throw e;
        }
    }

    /** One client's stream; closed on the first failed write. */
    private final class Stream {
        private final AsyncContext async;
        private final ServletOutputStream out;
        volatile Subscription subscription;
        volatile ScheduledFuture<?> ping;
        private boolean closed;

        Stream(AsyncContext async, ServletOutputStream out) {
            this.async = async;
            this.out = out;
        }

        void onTag(TagPath path, TagValue v) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path.toString());
            m.put("value", v.value());
            m.put("quality", v.quality().toString());
            m.put("sourceTime", Instant.ofEpochMilli(v.sourceTime()).toString());
            try {
                send("event: tag\ndata: " + JSON.writeValueAsString(m) + "\n\n");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // a value JSON cannot hold: nothing sensible to send for it
            }
        }

        synchronized void send(String text) {
            if (closed) {
                return;
            }
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException | RuntimeException e) {
                close();
            }
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            open.decrementAndGet();
            if (subscription != null) {
                subscription.close();
            }
            if (ping != null) {
                ping.cancel(false);
            }
            try {
                async.complete();
            } catch (RuntimeException ignored) {
                // the container ended it already
            }
        }
    }
}
