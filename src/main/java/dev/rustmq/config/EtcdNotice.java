package dev.rustmq.config;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * {@code [metastore] type = "etcd"} (the seed's controller.toml) is accepted so that file starts as
 * written, but RustMQ has no etcd client: controller metadata lives in the controllers' replicated
 * Infinispan caches. This says so once per process instead of failing or pretending.
 */
final class EtcdNotice {
    private static final Logger LOG = Logger.getLogger(EtcdNotice.class.getName());
    private static final AtomicBoolean SAID = new AtomicBoolean();

    private EtcdNotice() {
    }

    static void warnOnce(List<String> endpoints) {
        if (SAID.compareAndSet(false, true)) {
            LOG.warning(message(endpoints));
        }
    }

    static String message(List<String> endpoints) {
        return "[metastore] type = \"etcd\": RustMQ keeps controller metadata in the controllers' own replicated "
                + "Infinispan caches (under [metastore] path), not in etcd; [metastore] endpoints "
                + (endpoints.isEmpty() ? "" : endpoints + " ") + "is not used. Set type = \"infinispan\" to silence this.";
    }
}
