package org.plantwire.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.plantwire.access.Actor;
import org.plantwire.access.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The base of a REST resource in the Plantwire context: JSON in and out, the caller as an {@link Actor} with a role,
 * and every refusal as a status with {@code {"error": "..."}}: 400 for malformed or invalid input, 401 when not
 * logged in, 403 for a role too low, 404 for an unknown resource, 409 for an invalid transition, 413 for a body over
 * {@link #MAX_BODY_BYTES}. An unexpected failure is a 500 with its message, logged; it never ends the server's work.
 */
public abstract class JsonServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JsonServlet.class);

    /** Request bodies larger than this are refused (413). */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** An oversized body up to this size is read (and dropped) before the 413 is sent. */
    private static final long DRAIN_BYTES = 1024 * 1024;

    /** Shared, configured once: unknown properties in a request are an error, not silently ignored. */
    protected static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        try {
            super.service(req, resp);
        } catch (ApiException e) {
            send(resp, e.status(), Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", req.getMethod(), req.getRequestURI(), e);
            send(resp, 500, Map.of("error", e.getMessage() != null ? e.getMessage() : e.toString()));
        }
    }

    /** The authenticated caller (the context admits no request without one). */
    protected static Actor actor(HttpServletRequest req) {
        Object a = req.getAttribute(PlantwireWeb.ACTOR);
        if (!(a instanceof Actor actor)) {
            throw new ApiException(401, "not logged in");
        }
        return actor;
    }

    /** The caller, when their role includes {@code role}; else 403. */
    protected static Actor require(HttpServletRequest req, Role role) {
        Actor actor = actor(req);
        if (!actor.has(role)) {
            throw new ApiException(403, actor.user() + " may not do this: it takes the " + role.roleName() + " role, "
                    + actor.user() + " has " + (actor.role() == null ? "none" : "the " + actor.role().roleName() + " role"));
        }
        return actor;
    }

    /** The request body as it came (possibly empty); 413 when over {@link #MAX_BODY_BYTES}. */
    protected static byte[] rawBody(HttpServletRequest req) throws IOException {
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            if (req.getContentLengthLong() > MAX_BODY_BYTES) {
                // read what a client may reasonably send before answering, so it sees the answer rather than a
                // connection closed under its upload; beyond that the connection is simply closed
                byte[] drop = new byte[8192];
                long left = Math.min(req.getContentLengthLong(), DRAIN_BYTES);
                for (int n; left > 0 && (n = in.read(drop, 0, (int) Math.min(drop.length, left))) > 0; ) {
                    left -= n;
                }
                throw new ApiException(413, "request body over " + MAX_BODY_BYTES + " bytes");
            }
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "request body over " + MAX_BODY_BYTES + " bytes");
        }
        return bytes;
    }

    /** The JSON body as {@code type}; 413 when too large, 400 when malformed or not of that shape. */
    protected static <T> T body(HttpServletRequest req, Class<T> type) throws IOException {
        byte[] bytes = rawBody(req);
        if (bytes.length == 0) {
            throw ApiException.badRequest("a JSON body is required");
        }
        try {
            T value = JSON.readValue(bytes, type);
            if (value == null) {
                throw ApiException.badRequest("a JSON body is required");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** Answers {@code status} with {@code body} as JSON. */
    protected static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        JSON.writeValue(resp.getOutputStream(), body);
    }
}
