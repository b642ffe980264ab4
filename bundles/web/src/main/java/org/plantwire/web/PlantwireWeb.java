package org.plantwire.web;

/** Names shared by the bundles that serve Plantwire's REST API and HMI. */
public final class PlantwireWeb {

    /** The servlet context's name. */
    public static final String CONTEXT_NAME = "plantwire";

    /** The whiteboard selector of the Plantwire context: {@code osgi.http.whiteboard.context.select} = this. */
    public static final String CONTEXT_SELECT = "(osgi.http.whiteboard.context.name=" + CONTEXT_NAME + ")";

    /** The request attribute holding the authenticated {@link org.plantwire.access.Actor}. */
    public static final String ACTOR = "org.plantwire.web.actor";

    private PlantwireWeb() {
    }
}
