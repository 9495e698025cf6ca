package dev.rustmq.node;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The resources of a node, registered as they are opened and closed in reverse order: what was
 * opened last, and may use what was opened before it, stops first. Closing goes on past a
 * resource that throws, so one failure never leaves the others open; the first failure is
 * rethrown once all are closed, the later ones added to it as suppressed.
 */
final class Closer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Closer.class.getName());

    private record Registered(String name, AutoCloseable resource) {
    }

    private final Deque<Registered> open = new ArrayDeque<>();

    /** Takes {@code resource} to close with the others; returns it, so opening and registering read as one. */
    synchronized <T extends AutoCloseable> T register(String name, T resource) {
        open.push(new Registered(name, resource));
        return resource;
    }

    /**
     * Closes every registered resource, newest first, each once. A resource that throws is
     * logged and the rest are still closed; then the first failure is thrown (a checked one
     * wrapped in an {@link IllegalStateException}) with the later ones suppressed.
     */
    @Override
    public void close() {
        Throwable failure = closeAll();
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
    }

    /**
     * Closes every registered resource after {@code cause} stopped the opening; what fails to
     * close is added to {@code cause} as suppressed. Returns {@code cause} for {@code throw}.
     */
    <E extends Throwable> E closeAfter(E cause) {
        Throwable failure = closeAll();
        if (failure != null) {
            cause.addSuppressed(failure);
        }
        return cause;
    }

    /** The first failure (a runtime exception or an error), the later ones suppressed in it; null if none. */
    private Throwable closeAll() {
        Throwable first = null;
        for (Registered r = next(); r != null; r = next()) {
            try {
                r.resource().close();
            } catch (Exception | Error e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.log(Level.WARNING, "closing the " + r.name() + " failed: " + e, e);
                Throwable failure = e instanceof RuntimeException || e instanceof Error ? e
                        : new IllegalStateException("closing the " + r.name() + " failed: " + e, e);
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
        }
        return first;
    }

    /** The newest resource not yet closed, taken off the stack so a second close skips it. */
    private synchronized Registered next() {
        return open.poll();
    }
}
