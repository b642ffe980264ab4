package org.plantwire.shell.internal;

import org.plantwire.deploy.Report;

/** How the deployment commands print what they did: the steps, then the outcome; a refusal ends as an error. */
final class Reports {

    private Reports() {
    }

    static Object print(Report report) {
        for (String line : report.details()) {
            System.out.println("  " + line);
        }
        if (!report.success()) {
            throw new IllegalStateException(report.summary());
        }
        System.out.println(report.summary());
        return null;
    }
}
