package org.plantwire.shell.internal;

import java.io.PrintStream;

import org.plantwire.plant.PlantRegistry;
import org.plantwire.plant.PlantStatus;

/** Prints why plant files were rejected, under the tables of plant:plants and plant:connectors. */
final class RejectionReport {

    private RejectionReport() {
    }

    static void print(PlantRegistry plants, PrintStream out) {
        long now = System.currentTimeMillis();
        for (PlantStatus s : plants.plants()) {
            if (!s.rejected()) {
                continue;
            }
            out.println();
            out.println("Plant file " + s.file() + " was REJECTED " + Format.age(s.rejectedAt(), now) + " ago; "
                    + (s.plant() == null ? "nothing of it runs." : "its previous version keeps running.") + " Problems:");
            for (String problem : s.errors()) {
                out.println("  " + problem);
            }
        }
    }
}
