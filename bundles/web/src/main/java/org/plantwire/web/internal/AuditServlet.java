package org.plantwire.web.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.plantwire.access.AuditTrail;
import org.plantwire.access.Role;
import org.plantwire.web.ApiException;
import org.plantwire.web.JsonServlet;
import org.plantwire.web.PlantwireWeb;

/** {@code GET /api/audit?limit=100&filter=text}: the audit trail, newest first (engineers and admins). */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=plantwire-audit",
        "osgi.http.whiteboard.servlet.pattern=/api/audit",
        "osgi.http.whiteboard.context.select=" + PlantwireWeb.CONTEXT_SELECT})
public final class AuditServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    private final transient AuditTrail audit;

    @Activate
    public AuditServlet(@Reference AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        require(req, Role.ENGINEER);
        int limit;
        try {
            limit = req.getParameter("limit") == null ? 100 : Integer.parseInt(req.getParameter("limit"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be a number");
        }
        if (limit < 1 || limit > 10_000) {
            throw ApiException.badRequest("limit must be 1 to 10000");
        }
        send(resp, 200, audit.recent(limit, req.getParameter("filter")));
    }
}
