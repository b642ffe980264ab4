package org.plantwire.routes.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.plantwire.connector.TagMapper;

/**
 * How a tag map is read in as few requests as the device allows: per table, tags sorted by address, neighbours
 * merged into one request while the gap between them is at most {@code maxGap} registers (0: only contiguous ranges;
 * many PLCs refuse a read that touches an unmapped register) and the request stays within
 * {@code maxRegistersPerRequest} registers (or 16 times as many bits for coils and discrete inputs).
 */
final class ReadPlan {

    /** One read request and the tags it feeds. */
    record Batch(String table, int start, int count, List<Slot> slots) {
        boolean bits() {
            return table.equals("coil") || table.equals("discrete");
        }
    }

    /** Where a tag sits in its batch. */
    record Slot(TagMapper mapper, int offset) {
    }

    private ReadPlan() {
    }

    static int address(TagMapper m) {
        return Integer.parseInt(m.mapping().address().substring(m.mapping().address().indexOf(':') + 1));
    }

    static String table(TagMapper m) {
        return m.mapping().address().substring(0, m.mapping().address().indexOf(':'));
    }

    static int width(TagMapper m) {
        String table = table(m);
        return table.equals("coil") || table.equals("discrete") ? 1 : RegisterCodec.width(m.mapping().encoding());
    }

    static List<Batch> plan(List<TagMapper> mappers, int maxRegistersPerRequest, int maxGap) {
        Map<String, List<TagMapper>> byTable = new TreeMap<>();
        for (TagMapper m : mappers) {
            byTable.computeIfAbsent(table(m), t -> new ArrayList<>()).add(m);
        }
        List<Batch> batches = new ArrayList<>();
        for (Map.Entry<String, List<TagMapper>> e : byTable.entrySet()) {
            String table = e.getKey();
            boolean bits = table.equals("coil") || table.equals("discrete");
            int limit = bits ? maxRegistersPerRequest * 16 : maxRegistersPerRequest;
            List<TagMapper> sorted = new ArrayList<>(e.getValue());
            sorted.sort(Comparator.comparingInt(ReadPlan::address));
            int start = -1;
            int end = -1; // exclusive
            List<TagMapper> current = new ArrayList<>();
            for (TagMapper m : sorted) {
                int a = address(m);
                int w = width(m);
                if (start >= 0 && a - end <= maxGap && Math.max(end, a + w) - start <= limit) {
                    end = Math.max(end, a + w);
                    current.add(m);
                    continue;
                }
                if (start >= 0) {
                    batches.add(batch(table, start, end, current));
                }
                start = a;
                end = a + w;
                current = new ArrayList<>(List.of(m));
            }
            if (start >= 0) {
                batches.add(batch(table, start, end, current));
            }
        }
        return batches;
    }

    private static Batch batch(String table, int start, int end, List<TagMapper> mappers) {
        List<Slot> slots = new ArrayList<>();
        for (TagMapper m : mappers) {
            slots.add(new Slot(m, address(m) - start));
        }
        return new Batch(table, start, end - start, slots);
    }
}
