package dev.rustmq.controller;

import java.util.List;
import javax.sql.DataSource;
import org.infinispan.remoting.transport.jgroups.JGroupsChannelConfigurator;
import org.jgroups.JChannel;
import org.jgroups.conf.ProtocolConfiguration;
import org.jgroups.util.SocketFactory;

/**
 * Hands Infinispan the channel {@link JGroupsChannels} built in code. (Infinispan 15 does not use
 * a channel passed to {@code new JGroupsTransport(channel)} through the global configuration; it
 * falls back to its default multicast stack, which would let unrelated clusters on one network
 * find each other. A channel configurator is the supported way in.)
 */
final class PrebuiltChannel implements JGroupsChannelConfigurator {
    private final JChannel channel;

    PrebuiltChannel(JChannel channel) {
        this.channel = channel;
    }

    @Override
    public String getName() {
        return "rustmq-controllers";
    }

    @Override
    public JChannel createChannel(String name) {
        return channel;
    }

    @Override
    public String getProtocolStackString() {
        return channel.getProtocolStack().printProtocolSpec(false);
    }

    @Override
    public List<ProtocolConfiguration> getProtocolStack() {
        return List.of();
    }

    @Override
    public void setSocketFactory(SocketFactory socketFactory) {
        // The stack's sockets are JGroups' own; nothing to wrap.
    }

    @Override
    public void setDataSource(DataSource dataSource) {
        // No JDBC-based protocol in this stack.
    }
}
