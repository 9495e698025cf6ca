package dev.rustmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.common.MockTime;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The reconnect decision on a MockTime: a failed attempt is repeated only after the back-off. */
class BrokerLinkTest {
    private static final Duration BACKOFF = Duration.ofSeconds(5);

    /** A transport that is open until closed; it is never sent anything here. */
    private static final class FakeTransport implements ClientTransport {
        volatile boolean open = true;

        @Override
        public CompletableFuture<ResponseMessage> send(RequestMessage request, short version, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    private final MockTime time = new MockTime();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean brokerDown = true;

    private BrokerLink.Session connect() {
        attempts.incrementAndGet();
        if (brokerDown) {
            throw new ConnectionLostException("could not connect to broker:9092: refused", null);
        }
        return new BrokerLink.Session(new FakeTransport(), null);
    }

    @Test
    void aFailedReconnectIsRepeatedOnlyOnceTheBackoffHasPassed() {
        BrokerLink.Session first = new BrokerLink.Session(new FakeTransport(), null);
        BrokerLink link = new BrokerLink(first, this::connect, ClientOptions.defaults().withReconnectBackoff(BACKOFF),
                time);
        assertThat(link.session()).isSameAs(first);

        first.transport().close();
        assertThatThrownBy(link::session).isInstanceOf(ConnectionLostException.class).hasMessageContaining("refused");
        time.sleep(BACKOFF.toMillis() - 1);
        assertThatThrownBy(link::session).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("next after the reconnect back-off");
        assertThat(attempts).as("no attempt within the back-off").hasValue(1);

        brokerDown = false;
        time.sleep(1);
        BrokerLink.Session second = link.session();
        assertThat(second).isNotSameAs(first);
        assertThat(second.transport().isOpen()).isTrue();
        assertThat(attempts).hasValue(2);
        assertThat(link.session()).isSameAs(second);
    }

    @Test
    void aClosedLinkDoesNotReconnect() {
        BrokerLink.Session first = new BrokerLink.Session(new FakeTransport(), null);
        BrokerLink link = new BrokerLink(first, this::connect, ClientOptions.defaults(), time);
        link.close();
        assertThat(first.transport().isOpen()).isFalse();
        assertThatThrownBy(link::session).isInstanceOf(ConnectionLostException.class).hasMessageContaining("closed");
        assertThat(attempts).hasValue(0);
    }
}
