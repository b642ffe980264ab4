/**
 * Plantwire's HTTP side: the {@code plantwire} servlet context on Karaf's HTTP service (OSGi HTTP Whiteboard), whose
 * requests are authenticated against the Karaf JAAS realm, and {@link org.plantwire.web.JsonServlet}, the base of every
 * REST resource. A bundle adds a resource by registering a {@link javax.servlet.Servlet} service with the properties
 * {@code osgi.http.whiteboard.servlet.pattern}, a unique {@code osgi.http.whiteboard.servlet.name} (Pax Web
 * registers one servlet per name) and {@code osgi.http.whiteboard.context.select} =
 * {@link org.plantwire.web.PlantwireWeb#CONTEXT_SELECT}.
 */
@Version("1.0.0")
@Export
package org.plantwire.web;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
