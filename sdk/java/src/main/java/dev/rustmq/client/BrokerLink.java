package dev.rustmq.client;

import dev.rustmq.common.Time;
import dev.rustmq.protocol.message.ApiVersionsResponse;
import java.util.function.Supplier;

/**
 * A client's link to its broker: the current transport with the api versions agreed on it. When
 * the transport has ended (broker restarted, network, idle timeout), the next request connects
 * again to the same URL, in the thread making that request. A failed attempt is remembered for
 * {@link ClientOptions#reconnectBackoff()}: requests in that window fail at once with it instead
 * of each waiting for a connect timeout of its own.
 */
final class BrokerLink {
    /** An open transport and what ApiVersions said on it. */
    record Session(ClientTransport transport, ApiVersionsResponse versions) {
    }

    private final Supplier<Session> connector;
    private final long backoffNanos;
    private final Time time;
    private final Object reconnectLock = new Object();
    private volatile Session session;
    private volatile boolean closed;
    private RustMqClientException lastFailure;
    private long lastAttemptNanos;

    /** {@code first}: the session made by {@code connect}; {@code connector} makes the next ones. */
    BrokerLink(Session first, Supplier<Session> connector, ClientOptions options, Time time) {
        this.session = first;
        this.connector = connector;
        this.backoffNanos = options.reconnectBackoff().toNanos();
        this.time = time;
    }

    /** The open session, reconnecting first if the last one has ended. */
    Session session() {
        Session current = session;
        if (current.transport().isOpen()) {
            return current;
        }
        return reconnect();
    }

    /** The session as it is, open or not (for what does not need a connection). */
    Session lastSession() {
        return session;
    }

    private Session reconnect() {
        synchronized (reconnectLock) {
            // Another thread may have reconnected while this one waited for the lock.
            Session current = session;
            if (current.transport().isOpen()) {
                return current;
            }
            if (closed) {
                throw new ConnectionLostException("the client is closed", null);
            }
            long now = time.nanoseconds();
            if (lastFailure != null && now - lastAttemptNanos < backoffNanos) {
                throw new ConnectionLostException(lastFailure.getMessage() + " (last attempt "
                        + (now - lastAttemptNanos) / 1_000_000 + " ms ago; next after the reconnect back-off)",
                        lastFailure);
            }
            lastAttemptNanos = now;
            current.transport().close(); // the transport has ended; this frees what it still holds (QUIC: its event loop)
            Session fresh;
            try {
                fresh = connector.get();
            } catch (RustMqClientException e) {
                lastFailure = e;
                throw e;
            } catch (RuntimeException e) {
                lastFailure = new ConnectionLostException("could not reconnect: " + e, e);
                throw lastFailure;
            }
            lastFailure = null;
            session = fresh;
            if (closed) {
                // close() ran while connecting and may have closed the old session only.
                fresh.transport().close();
                throw new ConnectionLostException("the client is closed", null);
            }
            return fresh;
        }
    }

    /** Closes the current session; later requests fail instead of reconnecting. */
    void close() {
        closed = true;
        session.transport().close();
    }
}
