package dev.rustmq.controller.balance;

import dev.rustmq.errors.ErrorCode;
import dev.rustmq.errors.RustMqException;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a rebalance evens out across the live brokers (docs/cluster.md, "Rebalancing").
 * <ul>
 *   <li>{@link #LEADER_COUNT}: partition leaders, by handing the lead to another in-sync replica (no data moves).</li>
 *   <li>{@link #PARTITION_COUNT}: replicas, by moving partitions (replicas on brokers that are not live move first).</li>
 *   <li>{@link #BALANCE_LOAD}: both — replicas first, then leaders on the placement that gives.</li>
 * </ul>
 */
public enum BalanceStrategy {
    BALANCE_LOAD,
    LEADER_COUNT,
    PARTITION_COUNT;

    /** The strategy named {@code name} (any case); a clear error naming the choices otherwise. */
    public static BalanceStrategy parse(String name) {
        if (name == null || name.isBlank()) {
            return BALANCE_LOAD;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RustMqException(ErrorCode.INVALID_REQUEST, "unknown rebalance strategy \"" + name
                    + "\"; choose one of " + Arrays.toString(values()));
        }
    }
}
