package org.plantwire.mes.internal.shell;

import java.util.Map;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.plantwire.mes.Product;

@Command(scope = "mes", name = "products", description = "Lists the products: ideal cycle time per line, recipe, bill of materials.")
@Service
public class ProductsCommand extends MesCommand {

    @Override
    void run() {
        ShellTable table = new ShellTable().emptyTableText("No products (add them to a plant file's mes: section)");
        table.column("Product");
        table.column("Name");
        table.column("Ideal cycle");
        table.column("Recipe");
        table.column("Bill of materials (per unit)").maxSize(60);
        table.column("From");
        for (Product p : mes.products()) {
            table.addRow().addContent(p.id(), p.name(),
                    join(p.idealCycleSeconds(), " s"),
                    join(p.recipe(), ""),
                    p.bom().stream().map(m -> m.material() + " " + number(m.quantity()) + (m.unit().isEmpty() ? "" : " " + m.unit()))
                            .collect(Collectors.joining(", ")),
                    p.source());
        }
        table.print(System.out);
    }

    private static String join(Map<String, Double> map, String unit) {
        return map.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + number(e.getValue()) + unit).collect(Collectors.joining(", "));
    }
}
