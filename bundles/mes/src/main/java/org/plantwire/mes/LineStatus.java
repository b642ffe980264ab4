package org.plantwire.mes;

import java.util.List;

/**
 * A production line as the MES sees it.
 *
 * @param plant        the plant file it comes from
 * @param path         its place in the namespace
 * @param running      whether its machine state says running
 * @param order        the order that has the line (RUNNING or HELD), or null
 * @param microStops   micro-stops in the current shift
 */
public record LineStatus(String name, String plant, String path, List<String> cells, boolean running, String order,
                         int microStops) {
}
