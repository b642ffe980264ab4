package org.plantwire.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.plant.PlantConfig;
import org.plantwire.plant.PlantRegistry;
import org.plantwire.plant.PlantStatus;

@Command(scope = "plant", name = "plants",
        description = "Lists the plant files: plant, prefix, connectors, tags, when loaded, and why the last change was rejected.")
@Service
public class PlantsCommand implements Action {

    @Option(name = "--reload", aliases = "-r", description = "Read all plant files again first")
    boolean reload;

    @Reference
    PlantRegistry plants;

    @Override
    public Object execute() {
        if (reload) {
            plants.reload();
        }
        long now = System.currentTimeMillis();
        ShellTable table = new ShellTable().emptyTableText("No plant file in " + plants.directory());
        table.column("File");
        table.column("Prefix");
        table.column("Connectors").alignRight();
        table.column("Publishers").alignRight();
        table.column("Tags").alignRight();
        table.column("Loaded").alignRight();
        table.column("Status");
        for (PlantStatus s : plants.plants()) {
            PlantConfig p = s.plant();
            table.addRow().addContent(s.file(),
                    p == null ? "-" : p.prefix().toString(),
                    p == null ? "-" : p.connectors().size(),
                    p == null ? "-" : p.publishers().size(),
                    p == null ? "-" : p.tagCount(),
                    s.loadedAt() == 0 ? "never" : Format.age(s.loadedAt(), now) + " ago",
                    status(s));
        }
        table.print(System.out);
        RejectionReport.print(plants, System.out);
        return null;
    }

    private static String status(PlantStatus s) {
        if (!s.rejected()) {
            return "loaded";
        }
        return s.plant() == null ? "REJECTED (nothing of it runs)" : "REJECTED (previous version runs)";
    }
}
