package dev.rustmq.storage.wal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process {@link WalCrashIT} kills: it opens a WAL (fsync on, small segments), recovers it,
 * then appends from several threads until it is killed, printing one line per acknowledged entry:
 * {@code ACK round thread seq offset size}.
 *
 * <p>Each thread appends one entry at a time and waits for it, so entry {@code seq} of a thread is
 * only written after {@code seq - 1} was acknowledged. Payloads are {@link #payload deterministic},
 * so the test can tell a real entry from an invented or damaged one.
 *
 * <p>After {@code limit} entries a thread prints {@code DONE thread} and stops; the process stays
 * up, idle, until it is killed. A kill then finds every acknowledged entry already written.
 *
 * <p>Arguments: {@code folder round seed threads segmentSizeBytes bufferSize limit}.
 */
public final class WalCrashChild {
    static final int MAGIC = 0x57414C43;     // "WALC"
    static final int HEADER = 16;
    static final int MAX_BODY = 8 * 1024;

    /** Unbuffered stdout: each line goes out in one write, which a pipe keeps whole. */
    private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

    private WalCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        int threads = Integer.parseInt(args[3]);
        long segmentSize = Long.parseLong(args[4]);
        int bufferSize = Integer.parseInt(args[5]);
        int limit = Integer.parseInt(args[6]);

        FileWriteAheadLog wal = new FileWriteAheadLog(
                new WalOptions(folder, 1L << 30, segmentSize, bufferSize, true, 1_000));
        AtomicLong recovered = new AtomicLong();
        wal.recover((position, payload) -> recovered.incrementAndGet());
        print("RECOVERED " + recovered.get() + " " + wal.endOffset());

        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread appender = new Thread(() -> append(wal, round, thread, seed, limit), "appender-" + t);
            appender.start();
        }
        // Only the test ends this process, with SIGKILL.
        new CountDownLatch(1).await();
    }

    private static void append(WriteAheadLog wal, int round, int thread, long seed, int limit) {
        try {
            for (int seq = 0; seq < limit; seq++) {
                byte[] payload = payload(seed, round, thread, seq);
                WalPosition position = wal.append(ByteBuffer.wrap(payload), 60_000).get();
                print("ACK " + round + " " + thread + " " + seq + " " + position.offset() + " " + position.size());
            }
            print("DONE " + thread);
        } catch (Exception e) {
            print("ERROR " + thread + " " + e);
            System.exit(3);
        }
    }

    private static void print(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        synchronized (OUT) {
            try {
                OUT.write(bytes);
            } catch (IOException e) {
                System.exit(4);
            }
        }
    }

    /**
     * The one payload that (seed, round, thread, seq) gives: a 16-byte header naming it, then
     * 1 B to 8 KiB of bytes drawn from a generator seeded with all four.
     */
    static byte[] payload(long seed, int round, int thread, int seq) {
        Random random = new Random(seed * 1_000_003L ^ (long) round << 48 ^ (long) thread << 32 ^ seq);
        byte[] payload = new byte[HEADER + 1 + random.nextInt(MAX_BODY)];
        ByteBuffer.wrap(payload).putInt(MAGIC).putInt(round).putInt(thread).putInt(seq);
        byte[] body = new byte[payload.length - HEADER];
        random.nextBytes(body);
        System.arraycopy(body, 0, payload, HEADER, body.length);
        return payload;
    }

    /** The (round, thread, seq) a payload names, or null if it has no valid header. */
    static int[] header(byte[] payload) {
        if (payload.length < HEADER) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        if (b.getInt() != MAGIC) {
            return null;
        }
        return new int[] {b.getInt(), b.getInt(), b.getInt()};
    }
}
