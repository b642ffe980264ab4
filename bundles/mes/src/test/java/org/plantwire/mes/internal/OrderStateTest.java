package org.plantwire.mes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.plantwire.mes.OrderState;

/** Every pair of states: the allowed transitions are exactly these, all others are refused. */
class OrderStateTest {

    private static final Map<OrderState, Set<OrderState>> ALLOWED = Map.of(
            OrderState.CREATED, EnumSet.of(OrderState.RELEASED, OrderState.ABORTED),
            OrderState.RELEASED, EnumSet.of(OrderState.RUNNING, OrderState.ABORTED),
            OrderState.RUNNING, EnumSet.of(OrderState.HELD, OrderState.COMPLETED, OrderState.ABORTED),
            OrderState.HELD, EnumSet.of(OrderState.RUNNING, OrderState.COMPLETED, OrderState.ABORTED),
            OrderState.COMPLETED, EnumSet.noneOf(OrderState.class),
            OrderState.ABORTED, EnumSet.noneOf(OrderState.class));

    @Test
    void everyTransitionIsAllowedOrRefusedAsDesigned() {
        int refused = 0;
        for (OrderState from : OrderState.values()) {
            for (OrderState to : OrderState.values()) {
                boolean allowed = ALLOWED.get(from).contains(to);
                assertThat(from.canGoTo(to)).as(from + " -> " + to).isEqualTo(allowed);
                refused += allowed ? 0 : 1;
            }
        }
        assertThat(refused).isEqualTo(36 - 10);
    }
}
