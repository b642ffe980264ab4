package org.plantwire.itest.failing;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Fails every start, as a connector bundle with a broken set-up would. */
public final class FailingActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("line 3 PLC address table missing");
    }

    @Override
    public void stop(BundleContext context) {
        // never started
    }
}
