package org.plantwire.web.internal;

import java.io.IOException;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.plantwire.access.Actor;
import org.plantwire.web.JsonServlet;
import org.plantwire.web.PlantwireWeb;

/** {@code POST /api/session} logs in ({@code {"user","password"}}), {@code GET} says who, {@code DELETE} logs out. */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=plantwire-session",
        "osgi.http.whiteboard.servlet.pattern=" + PlantwireContext.SESSION_PATH,
        "osgi.http.whiteboard.context.select=" + PlantwireWeb.CONTEXT_SELECT})
public final class SessionServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    /** The login request. */
    record Login(String user, String password) {
    }

    private final transient JaasAuthenticator authenticator;

    @Activate
    public SessionServlet(@Reference JaasAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Login login = body(req, Login.class);
        Actor actor = authenticator.login(login.user(), login.password(), "hmi", req.getRemoteAddr());
        HttpSession old = req.getSession(false);
        if (old != null) {
            old.invalidate(); // a new session id at every login: no session fixation
        }
        HttpSession session = req.getSession(true);
        session.setMaxInactiveInterval(authenticator.sessionSeconds());
        session.setAttribute(PlantwireWeb.ACTOR, actor);
        authenticator.loggedIn(actor, req.getRemoteAddr());
        send(resp, 200, who(actor));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        send(resp, 200, who(actor(req)));
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HttpSession session = req.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        send(resp, 200, Map.of("loggedOut", true));
    }

    private static Map<String, Object> who(Actor actor) {
        return Map.of("user", actor.user(), "role", actor.role() == null ? "none" : actor.role().roleName());
    }
}
