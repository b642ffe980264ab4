/**
 * Versioned schema migrations for the plantwire DataSource: each component (MES, SCADA) keeps its own ordered
 * scripts, and {@link org.plantwire.db.Migrations} applies the ones a database has not seen yet, recording each in
 * the table {@code plantwire_schema_version}.
 */
@Version("1.0.0")
@Export
package org.plantwire.db;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
