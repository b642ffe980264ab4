package org.plantwire.mes.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.plantwire.mes.MesService;

/**
 * The MES REST API at {@code /api/mes/*} on the server's HTTP port (OSGi HTTP Whiteboard, Pax Web). Who acts is
 * the {@code X-Plantwire-User} header, else {@code rest:<client address>}; the port is bound to 127.0.0.1 by
 * default (etc/org.ops4j.pax.web.cfg).
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/api/mes/*",
    "osgi.http.whiteboard.servlet.name=plantwire-mes-rest"
})
public class MesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient RestApi api;

    @Activate
    public MesServlet(@Reference MesService mes) {
        this.api = new RestApi(mes);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String user = req.getHeader("X-Plantwire-User");
        String by = user != null && !user.isBlank() ? "rest:" + user.trim() : "rest:" + req.getRemoteAddr();
        RestApi.Response r = api.handle(req.getMethod(), req.getPathInfo(), RestApi.query(req.getParameterMap()), body, by);
        resp.setStatus(r.status());
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getOutputStream().write(r.json().getBytes(StandardCharsets.UTF_8));
    }
}
