package org.plantwire.itest;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The README's "install into a stock Karaf" path: an unmodified Apache Karaf 4.4.10, Plantwire's features
 * repository added by its Maven URL and two features installed from the shell. The Plantwire artifacts come from
 * the built distribution's system folder, standing in for a Maven repository.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StockKarafInstallIT extends PlantwireTestSupport {

    @Configuration
    public Option[] config() {
        String system = new File(required("plantwire.systemRepository")).toURI().toString();
        return OptionUtils.combine(karaf(required("plantwire.stockKaraf"), "Apache Karaf", "stock", 1),
            // Karaf's own default repositories plus the built distribution's system folder
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                    "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots,"
                    + "${karaf.data.uri}kar@id=kar.repository@multi@snapshots,"
                    + system + "@id=plantwire@snapshots"),
            systemProperty("plantwire.version").value(required("plantwire.version")));
    }

    @Test
    public void featuresInstallIntoStockKaraf() throws Exception {
        String version = System.getProperty("plantwire.version");
        shell("feature:repo-add mvn:org.plantwire/plantwire-features/" + version + "/xml/features");
        shell("feature:install plantwire-core plantwire-heartbeat");
        String list = shell("feature:list -i");
        assertTrue(list, list.contains("plantwire-core"));
        assertTrue(list, list.contains("plantwire-camel"));
        waitFor("heartbeat in plant:tags", 30_000, () -> {
            try {
                return shell("plant:tags").contains("acme/woodlands/plantwire/heartbeat");
            } catch (Exception e) {
                return false;
            }
        });
        waitFor("heartbeat connector in plant:connectors", 30_000, () -> {
            try {
                return shell("plant:connectors").contains("heartbeat-woodlands");
            } catch (Exception e) {
                return false;
            }
        });
    }
}
