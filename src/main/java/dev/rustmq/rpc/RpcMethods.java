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

    private RpcMethods() {
    }
}
