package org.plantwire.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.Jetty;
import org.plantwire.access.Actor;
import org.plantwire.mes.MesService;
import org.plantwire.mes.rest.internal.MesServlet;
import org.plantwire.web.PlantwireWeb;

/**
 * The MES REST API as the assembly deploys it (the real {@link MesServlet} at {@code /api/mes/*}, context path
 * {@code /}) on an embedded Jetty of the major version Pax Web runs in Karaf (9.4), on a free port of 127.0.0.1,
 * default thread pool. There is no OSGi here, so the Plantwire servlet context (JAAS session or HTTP Basic login) is
 * not: a servlet filter stands in for it and sets the request attribute {@link PlantwireWeb#ACTOR} to a fixed
 * {@link Actor}, as the context does after a login. The login's own cost is therefore not measured.
 */
final class MesHttpServer implements AutoCloseable {

    private final Server server;
    private final URI base;

    private MesHttpServer(Server server, URI base) {
        this.server = server;
        this.base = base;
    }

    static MesHttpServer start(MesService mes, Actor actor) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new LoginStandIn(actor)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new MesServlet(mes)), "/api/mes/*");
        server.setHandler(context);
        server.start();
        return new MesHttpServer(server, URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/"));
    }

    /** {@code http://127.0.0.1:<port>/}. */
    URI base() {
        return base;
    }

    /** E.g. {@code Jetty 9.4.58.v20250814}. */
    static String version() {
        return "Jetty " + Jetty.VERSION;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Stands in for the Plantwire context's login: every request comes from {@code actor}. */
    private static final class LoginStandIn implements Filter {

        private final Actor actor;

        LoginStandIn(Actor actor) {
            this.actor = actor;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
                throws IOException, ServletException {
            req.setAttribute(PlantwireWeb.ACTOR, actor);
            chain.doFilter(req, resp);
        }
    }
}
