package dev.rustmq.storage.log;

import dev.rustmq.common.Time;
import dev.rustmq.storage.errors.WalStorageException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one thread where appends wait for WAL room. An append that finds the WAL full is queued here
 * instead of blocking its caller (a transport event loop serving many connections); this thread
 * retries the queued appends in arrival order as trims free room, and fails each with
 * {@code WAL_FULL} once its wait is over. While anything is queued, new appends queue behind it, so
 * a partition's appends keep their order and the queued ones are not overtaken.
 */
final class WalRoomWaiter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WalRoomWaiter.class.getName());

    /** One queued append: {@link #retry} appends it (or fails it); it returns false while it should wait on. */
    interface Waiting {
        /** Appends if there is room, or fails once the wait is over; false: no room yet, wait and call again. */
        boolean retry(boolean waitIsOver);

        /** Blocks until the WAL may have room for this append or its wait is over. */
        void awaitRoom() throws InterruptedException;

        boolean waitIsOver();

        /** Fails the append (it is no longer waiting: {@link #finished} is called for it). */
        void fail(RuntimeException e);
    }

    private final LinkedBlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
    /** Queued and not yet finished; changed under the appending partition's lock (see PartitionLog). */
    private final AtomicInteger pending = new AtomicInteger();
    private final Time time;
    private final Thread thread;
    private volatile boolean closed;

    WalRoomWaiter(Time time) {
        this.time = time;
        thread = new Thread(this::run, "rustmq-wal-room");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether appends are waiting for room: then a new append must queue too. */
    boolean hasWaiting() {
        return pending.get() > 0;
    }

    /** Counts a queued append; call under the partition's append lock, before its lock is released. */
    void add(Waiting waiting) {
        pending.incrementAndGet();
        if (closed) {
            waiting.fail(new WalStorageException("the WAL is closed"));
            return;
        }
        queue.add(waiting);
        if (closed && queue.remove(waiting)) {
            // closed meanwhile, and the thread's last drain may have run before the add
            waiting.fail(new WalStorageException("the WAL is closed"));
        }
    }

    /** A queued append was appended or failed; call under the partition's append lock. */
    void finished() {
        pending.decrementAndGet();
    }

    private void run() {
        Waiting head = null;
        while (!closed) {
            try {
                if (head == null) {
                    head = time.poll(queue, 1, TimeUnit.SECONDS);
                    continue;
                }
                if (head.retry(head.waitIsOver())) {
                    head = null;
                } else {
                    head.awaitRoom();
                }
            } catch (InterruptedException e) {
                // close() interrupts; anything else is not ours to stop on
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "an append waiting for WAL room failed unexpectedly", e);
                if (head != null) {
                    head.fail(e);
                    head = null;
                }
            }
        }
        WalStorageException closedError = new WalStorageException("the WAL is closed");
        if (head != null) {
            head.fail(closedError);
        }
        Waiting left;
        while ((left = queue.poll()) != null) {
            left.fail(closedError);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
