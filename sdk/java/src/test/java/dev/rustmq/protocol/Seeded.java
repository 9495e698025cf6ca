package dev.rustmq.protocol;

import java.util.Random;

/**
 * Seeded random loops for property-style tests. Each case gets its own seed, drawn from the
 * run's seed; a failure names both, and {@code -Drustmq.test.seed=N} replays a run.
 */
public final class Seeded {
    private Seeded() {
    }

    @FunctionalInterface
    public interface Case {
        void run(Random random, int index) throws Exception;
    }

    public static long runSeed(long defaultSeed) {
        String override = System.getProperty("rustmq.test.seed");
        return override == null || override.isBlank() ? defaultSeed : Long.parseLong(override.trim());
    }

    /** Runs {@code cases} cases; the first failure is rethrown as an AssertionError naming the seeds. */
    public static void forEach(long defaultSeed, int cases, Case body) {
        long seed = runSeed(defaultSeed);
        Random seeds = new Random(seed);
        for (int i = 0; i < cases; i++) {
            long caseSeed = seeds.nextLong();
            try {
                body.run(new Random(caseSeed), i);
            } catch (Throwable t) {
                throw new AssertionError("failed with run seed " + seed + " (-Drustmq.test.seed=" + seed + "), case "
                        + i + ", case seed " + caseSeed + ": " + t, t);
            }
        }
    }

    public static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
