package org.plantwire.hmi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.plantwire.web.PlantwireWeb;

/**
 * The HMI's files at {@code /hmi/}: the page, its script and style, and the chart library (uPlot, from its webjar).
 * They hold no plant data (that comes from the API, behind the login), so they are served to anyone; the page asks
 * for a login when the API says so. Only the files listed here are served.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=plantwire-hmi",
        "osgi.http.whiteboard.servlet.pattern=/hmi/*",
        "osgi.http.whiteboard.context.select=" + PlantwireWeb.CONTEXT_SELECT})
public final class HmiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"hmi/index.html", "text/html"},
            "/index.html", new String[] {"hmi/index.html", "text/html"},
            "/app.js", new String[] {"hmi/app.js", "text/javascript"},
            "/app.css", new String[] {"hmi/app.css", "text/css"},
            "/vendor/uPlot.iife.min.js", new String[] {UPLOT + "uPlot.iife.min.js", "text/javascript"},
            "/vendor/uPlot.min.css", new String[] {UPLOT + "uPlot.min.css", "text/css"});

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String[] file = FILES.get(path);
        InputStream in = file == null ? null : HmiServlet.class.getClassLoader().getResourceAsStream(file[0]);
        if (in == null) {
            resp.sendError(404);
            return;
        }
        try (in) {
            resp.setContentType(file[1]);
            resp.setCharacterEncoding("UTF-8");
            resp.setHeader("Cache-Control", "no-cache");
            // the page runs only its own scripts: no inline script, no other origin
            resp.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
            resp.setHeader("X-Content-Type-Options", "nosniff");
            resp.setHeader("X-Frame-Options", "DENY");
            in.transferTo(resp.getOutputStream());
        }
    }
}
