package org.plantwire.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.context.ServletContextHelper;
import org.plantwire.access.Actor;
import org.plantwire.web.ApiException;
import org.plantwire.web.PlantwireWeb;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code plantwire} servlet context: every request but a login carries a session (from {@code POST /api/session})
 * or HTTP Basic credentials, checked against the JAAS realm; the caller goes to the resources as an
 * {@link Actor} in the request attribute {@link PlantwireWeb#ACTOR}.
 */
@Component(service = ServletContextHelper.class, property = {
        "osgi.http.whiteboard.context.name=" + PlantwireWeb.CONTEXT_NAME,
        "osgi.http.whiteboard.context.path=/"})
public final class PlantwireContext extends ServletContextHelper {

    static final String SESSION_PATH = "/api/session";

    private final JaasAuthenticator authenticator;
    private final ObjectMapper json = new ObjectMapper();

    @Activate
    public PlantwireContext(BundleContext context, @Reference JaasAuthenticator authenticator) {
        super(context.getBundle());
        this.authenticator = authenticator;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (SESSION_PATH.equals(req.getRequestURI()) && "POST".equals(req.getMethod())) {
            return true; // logging in
        }
        if (req.getRequestURI().startsWith("/hmi/") && "GET".equals(req.getMethod())) {
            return true; // the HMI's page and scripts: no data in them; the data comes from the API, behind the login
        }
        HttpSession session = req.getSession(false);
        if (session != null && session.getAttribute(PlantwireWeb.ACTOR) instanceof Actor actor) {
            req.setAttribute(PlantwireWeb.ACTOR, actor);
            return true;
        }
        String auth = req.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw new ApiException(400, "malformed Basic credentials");
                }
                req.setAttribute(PlantwireWeb.ACTOR, authenticator.login(decoded.substring(0, colon),
                        decoded.substring(colon + 1), "rest", req.getRemoteAddr()));
                return true;
            } catch (IllegalArgumentException e) {
                return refuse(resp, 400, "malformed Basic credentials");
            } catch (ApiException e) {
                return refuse(resp, e.status(), e.getMessage());
            }
        }
        boolean expired = req.getRequestedSessionId() != null && !req.isRequestedSessionIdValid();
        return refuse(resp, 401, expired ? "session expired; log in again" : "not logged in");
    }

    private boolean refuse(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        json.writeValue(resp.getOutputStream(), Map.of("error", message));
        return false;
    }
}
