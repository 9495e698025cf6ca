package dev.rustmq.testing;

import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs a property over explicit edge cases and over many random cases, each generated from its own
 * seed. A failure names the case, its seed, the base seed to rerun with and the input, and keeps
 * the original failure as its cause.
 *
 * <p>Each run draws a fresh base seed, so repeated runs explore new inputs. To replay a failure,
 * rerun the test with the reported base seed: {@code mvn -o test -Dtest=SomeTest#someProperty
 * -Drustmq.test.seed=<base seed>} generates the very same cases in the same order.
 */
public final class PropertyCheck {
    /** System property that fixes the base seed of every property in the run. */
    public static final String SEED_PROPERTY = "rustmq.test.seed";

    private static final int MAX_DESCRIPTION = 4_000;
    private static final int MAX_HEX_BYTES = 64;

    private PropertyCheck() {
    }

    /** A check of one input; any exception or assertion error it throws is a failure. */
    @FunctionalInterface
    public interface Check<T> {
        void accept(T input) throws Exception;
    }

    /** Checks {@code check} on {@code tries} inputs, the i-th made by {@code generator} from its own seed. */
    public static <T> void forAll(int tries, Function<Generators, T> generator, Check<T> check) {
        forAll(baseSeed(), tries, generator, check);
    }

    /** {@link #forAll(int, Function, Check)} from a given base seed. */
    static <T> void forAll(long baseSeed, int tries, Function<Generators, T> generator, Check<T> check) {
        for (int i = 0; i < tries; i++) {
            long caseSeed = caseSeed(baseSeed, i);
            T input;
            try {
                input = generator.apply(new Generators(caseSeed));
            } catch (RuntimeException | Error e) {
                throw new AssertionError(where("random case " + i + " of " + tries, caseSeed, baseSeed)
                        + ": the generator failed: " + e, e);
            }
            run(input, check, where("random case " + i + " of " + tries, caseSeed, baseSeed));
        }
    }

    /** Checks {@code check} on each of {@code examples}, the edge cases a random pick may miss. */
    @SafeVarargs
    public static <T> void forEach(Check<T> check, T... examples) {
        forEach(List.of(examples), check);
    }

    /** Checks {@code check} on each of {@code examples}, the edge cases a random pick may miss. */
    public static <T> void forEach(List<T> examples, Check<T> check) {
        for (int i = 0; i < examples.size(); i++) {
            run(examples.get(i), check, "Property failed at edge case " + i + " of " + examples.size());
        }
    }

    private static <T> void run(T input, Check<T> check, String where) {
        try {
            check.accept(input);
        } catch (Exception | AssertionError e) {
            throw new AssertionError(where + "\n  input: " + describe(input) + "\n  failure: " + e, e);
        }
    }

    private static String where(String which, long caseSeed, long baseSeed) {
        return "Property failed at " + which + " (case seed " + caseSeed + ", base seed " + baseSeed
                + "; rerun with -D" + SEED_PROPERTY + "=" + baseSeed + ")";
    }

    private static long baseSeed() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            return Long.parseLong(fixed.trim());
        }
        return new Random().nextLong();
    }

    /** SplitMix64's finaliser over base + i: neighbouring cases get unrelated seeds. */
    static long caseSeed(long baseSeed, int index) {
        long z = baseSeed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A readable form of an input: arrays and buffers as hex, records component by component. */
    public static String describe(Object input) {
        String text = describeValue(input);
        return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION) + "...";
    }

    private static String describeValue(Object value) {
        if (value instanceof byte[] bytes) {
            return hex(bytes.length, ByteBuffer.wrap(bytes));
        }
        if (value instanceof ByteBuffer buffer) {
            return hex(buffer.remaining(), buffer.duplicate());
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PropertyCheck::describeValue).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof java.lang.Record record) {
            return describeRecord(record);
        }
        return String.valueOf(value);
    }

    private static String hex(int size, ByteBuffer bytes) {
        byte[] shown = new byte[Math.min(size, MAX_HEX_BYTES)];
        bytes.get(shown);
        return size + " bytes " + HexFormat.of().formatHex(shown) + (size > shown.length ? "..." : "");
    }

    private static String describeRecord(java.lang.Record record) {
        StringBuilder text = new StringBuilder(record.getClass().getSimpleName()).append('[');
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(components[i].getName()).append('=');
            try {
                components[i].getAccessor().setAccessible(true);
                text.append(describeValue(components[i].getAccessor().invoke(record)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                text.append('?');
            }
        }
        return text.append(']').toString();
    }
}
