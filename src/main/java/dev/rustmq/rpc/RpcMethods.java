package dev.rustmq.rpc;

/** The names of the controller's methods on the wire (docs/protocol.md, "Controller"). */
final class RpcMethods {
    static final String REGISTER = "register";
    static final String HEARTBEAT = "heartbeat";
    static final String TOPIC = "topic";
    static final String TOPICS = "topics";
    static final String PARTITIONS = "partitions";
    static final String MANIFEST = "manifest";
    static final String REPLACE_MANIFEST = "replace_manifest";
    static final String ALTER_ISR = "alter_isr";
    static final String ALLOCATE_PRODUCER_IDS = "allocate_producer_ids";
    static final String CREATE_TOPIC = "create_topic";
    static final String UPDATE_TOPIC = "update_topic";
    static final String DELETE_TOPIC = "delete_topic";
    static final String DESCRIBE_TOPIC = "describe_topic";
    static final String LIVE_BROKERS = "live_brokers";
    static final String BROKERS = "brokers";
    static final String CLUSTER_ID = "cluster_id";
    static final String CONTROLLERS = "controllers";
    static final String REASSIGN_PARTITION = "reassign_partition";
    static final String REASSIGNMENTS = "reassignments";
    static final String ELECT_PREFERRED_LEADERS = "elect_preferred_leaders";
    static final String START_REBALANCE = "start_rebalance";
    static final String DRAIN_BROKER = "drain_broker";
    static final String CANCEL_REBALANCE = "cancel_rebalance";
    static final String REBALANCE = "rebalance";
    static final String REBALANCES = "rebalances";

    private RpcMethods() {
    }
}
