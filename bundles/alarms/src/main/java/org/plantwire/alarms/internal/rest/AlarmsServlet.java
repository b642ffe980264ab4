package org.plantwire.alarms.internal.rest;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
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
import org.plantwire.alarms.Alarm;
import org.plantwire.alarms.AlarmException;
import org.plantwire.alarms.AlarmService;
import org.plantwire.web.ApiException;
import org.plantwire.web.JsonServlet;
import org.plantwire.web.PlantwireWeb;

/**
 * Alarms over REST: {@code GET /api/alarms[?active=true]}, {@code GET /api/alarms/journal?limit=&alarm=},
 * {@code GET /api/alarms/<id>} (viewer); {@code POST /api/alarms/<id>/ack} {@code {"comment"}},
 * {@code POST /api/alarms/<id>/shelve} {@code {"minutes","reason"}}, {@code POST /api/alarms/<id>/unshelve}
 * (operator). 404 unknown alarm, 409 nothing to acknowledge / not shelved, 400 bad duration or missing reason.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=plantwire-alarms",
        "osgi.http.whiteboard.servlet.pattern=/api/alarms/*",
        "osgi.http.whiteboard.context.select=" + PlantwireWeb.CONTEXT_SELECT})
public final class AlarmsServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    /** An acknowledgement. */
    record Ack(String comment) {
    }

    /** A shelving. */
    record Shelve(Long minutes, String reason) {
    }

    private final transient AlarmService alarms;

    @Activate
    public AlarmsServlet(@Reference AlarmService alarms) {
        this.alarms = alarms;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        require(req, Role.VIEWER);
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        long now = System.currentTimeMillis();
        if (path.equals("/") || path.isEmpty()) {
            boolean activeOnly = "true".equals(req.getParameter("active"));
            List<Map<String, Object>> list = new ArrayList<>();
            for (Alarm a : alarms.alarms()) {
                if (!activeOnly || a.state() != org.plantwire.alarms.AlarmState.NORMAL) {
                    list.add(json(a, now));
                }
            }
            send(resp, 200, list);
        } else if (path.equals("/journal")) {
            int limit = intParam(req, "limit", 100);
            send(resp, 200, alarms.journal(limit, req.getParameter("alarm")));
        } else {
            String id = path.substring(1);
            send(resp, 200, json(alarms.alarm(id).orElseThrow(() -> ApiException.notFound("no alarm " + id)), now));
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            throw ApiException.badRequest("POST /api/alarms/<id>/ack, /shelve or /unshelve");
        }
        String id = path.substring(1, slash);
        String action = path.substring(slash + 1);
        try {
            Alarm a = switch (action) {
                case "ack" -> alarms.acknowledge(id, actor(req), body(req, Ack.class).comment());
                case "shelve" -> {
                    Shelve s = body(req, Shelve.class);
                    if (s.minutes() == null) {
                        throw ApiException.badRequest("minutes are required");
                    }
                    yield alarms.shelve(id, actor(req), Duration.ofMinutes(s.minutes()), s.reason());
                }
                case "unshelve" -> alarms.unshelve(id, actor(req));
                default -> throw ApiException.notFound("no action " + action + " (ack, shelve, unshelve)");
            };
            send(resp, 200, json(a, System.currentTimeMillis()));
        } catch (AlarmException e) {
            throw new ApiException(e.status(), e.getMessage());
        }
    }

    private static int intParam(HttpServletRequest req, String name, int dflt) {
        String v = req.getParameter(name);
        try {
            int n = v == null ? dflt : Integer.parseInt(v);
            if (n < 1 || n > 10_000) {
                throw ApiException.badRequest(name + " must be 1 to 10000");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number");
        }
    }

    static Map<String, Object> json(Alarm a, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.definition().id());
        m.put("tag", a.definition().tag().toString());
        m.put("kind", a.definition().kind().label());
        m.put("limit", a.definition().limit());
        m.put("priority", a.definition().priority());
        m.put("message", a.definition().message());
        m.put("state", a.state().label());
        m.put("value", a.value());
        m.put("activeSince", a.activeSince() == 0 ? null : Instant.ofEpochMilli(a.activeSince()).toString());
        m.put("ackedBy", a.ackedBy());
        m.put("ackComment", a.ackComment());
        m.put("shelved", a.shelved(now));
        m.put("shelvedUntil", a.shelved(now) ? Instant.ofEpochMilli(a.shelvedUntil()).toString() : null);
        m.put("shelvedBy", a.shelvedBy());
        m.put("shelveReason", a.shelveReason());
        m.put("suppressed", a.suppressed());
        m.put("annunciated", a.annunciated(now));
        return m;
    }
}
