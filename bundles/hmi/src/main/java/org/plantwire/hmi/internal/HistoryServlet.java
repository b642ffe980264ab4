package org.plantwire.hmi.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.plantwire.access.Role;
import org.plantwire.api.TagPath;
import org.plantwire.historian.Aggregate;
import org.plantwire.historian.Historian;
import org.plantwire.historian.HistoryPoint;
import org.plantwire.web.ApiException;
import org.plantwire.web.JsonServlet;
import org.plantwire.web.PlantwireWeb;

/**
 * A tag's history for trends and reports (viewer role): {@code GET /api/history?tag=<path>&from=&to=} gives the raw
 * points (at most {@code limit}, default 10,000), with {@code &interval=<ms>} the aggregates per interval (min, max,
 * time-weighted average, last, count). {@code from} and {@code to} are ISO instants or epoch ms; by default the last
 * hour.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=plantwire-history",
        "osgi.http.whiteboard.servlet.pattern=/api/history",
        "osgi.http.whiteboard.context.select=" + PlantwireWeb.CONTEXT_SELECT})
public final class HistoryServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_POINTS = 100_000;

    private final transient Historian historian;

    @Activate
    public HistoryServlet(@Reference Historian historian) {
        this.historian = historian;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        require(req, Role.VIEWER);
        String tagText = req.getParameter("tag");
        if (tagText == null || tagText.isBlank()) {
            throw ApiException.badRequest("tag is required");
        }
        TagPath tag;
        try {
            tag = TagPath.of(tagText.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("tag: " + e.getMessage());
        }
        long to = time(req.getParameter("to"), System.currentTimeMillis(), "to");
        long from = time(req.getParameter("from"), to - 3_600_000L, "from");
        if (from >= to) {
            throw ApiException.badRequest("from must be before to");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tag", tag.toString());
        body.put("from", Instant.ofEpochMilli(from).toString());
        body.put("to", Instant.ofEpochMilli(to).toString());
        String interval = req.getParameter("interval");
        if (interval != null) {
            long millis = number(interval, "interval");
            if (millis < 1 || (to - from) / millis > MAX_POINTS) {
                throw ApiException.badRequest("interval must be at least 1 ms and give at most " + MAX_POINTS + " rows");
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Aggregate a : historian.aggregate(tag, from, to, millis)) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("start", a.start());
                r.put("count", a.count());
                r.put("min", a.min());
                r.put("max", a.max());
                r.put("average", a.average());
                r.put("last", a.last() == null ? null : a.last().value());
                rows.add(r);
            }
            body.put("aggregates", rows);
        } else {
            int limit = req.getParameter("limit") == null ? 10_000 : (int) number(req.getParameter("limit"), "limit");
            if (limit < 1 || limit > MAX_POINTS) {
                throw ApiException.badRequest("limit must be 1 to " + MAX_POINTS);
            }
            List<Object[]> points = new ArrayList<>();
            for (HistoryPoint p : historian.raw(tag, from, to, limit)) {
                points.add(new Object[] {p.time(), p.value(), p.quality().toString()});
            }
            body.put("points", points);
        }
        send(resp, 200, body);
    }

    private static long time(String text, long dflt, String name) {
        if (text == null || text.isBlank()) {
            return dflt;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(text.trim()).toEpochMilli();
            } catch (DateTimeParseException ex) {
                throw ApiException.badRequest(name + ": '" + text + "' is neither epoch ms nor an ISO instant");
            }
        }
    }

    private static long number(String text, String name) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number");
        }
    }
}
