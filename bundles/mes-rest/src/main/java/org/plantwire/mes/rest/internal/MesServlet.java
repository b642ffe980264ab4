package org.plantwire.mes.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.plantwire.access.Actor;
import org.plantwire.access.Role;
import org.plantwire.mes.MesService;
import org.plantwire.web.ApiException;
import org.plantwire.web.JsonServlet;
import org.plantwire.web.PlantwireWeb;

/**
 * The MES REST API at {@code /api/mes/*} in the Plantwire servlet context: the caller is logged in against the JAAS
 * realm (session or HTTP Basic); reading takes the viewer role, every change (orders, reasons) the operator role, and
 * the caller's name is recorded with each order transition as {@code rest:<user>}.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/api/mes/*",
    "osgi.http.whiteboard.servlet.name=plantwire-mes-rest",
    "osgi.http.whiteboard.context.select=" + PlantwireWeb.CONTEXT_SELECT
})
public class MesServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    private final transient RestApi api;

    @Activate
    public MesServlet(@Reference MesService mes) {
        this.api = new RestApi(mes);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Actor actor = require(req, "GET".equals(req.getMethod()) ? Role.VIEWER : Role.OPERATOR);
            String body = new String(rawBody(req), StandardCharsets.UTF_8);
            RestApi.Response r = api.handle(req.getMethod(), req.getPathInfo(), RestApi.query(req.getParameterMap()), body,
                    "rest:" + actor.user());
            resp.setStatus(r.status());
            resp.setContentType("application/json");
            resp.setCharacterEncoding("UTF-8");
            resp.getOutputStream().write(r.json().getBytes(StandardCharsets.UTF_8));
        } catch (ApiException e) {
            send(resp, e.status(), Map.of("error", e.getMessage()));
        }
    }
}
