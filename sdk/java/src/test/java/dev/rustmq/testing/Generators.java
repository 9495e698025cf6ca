package dev.rustmq.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Random test inputs from one seeded {@link Random}: the same seed always gives the same inputs.
 * The numeric and size generators return their edge values (0, ±1, the minimum and maximum, empty
 * and full sizes) far more often than a uniform pick would, and spread numbers over every
 * magnitude rather than mostly huge ones, so that each run of a few hundred cases meets them.
 */
public final class Generators {
    private static final int[] INT_EDGES = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
        Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1};
    private static final long[] LONG_EDGES = {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1,
        Long.MAX_VALUE - 1, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L};
    /** The code points at the ends of each UTF-8 length and around the surrogate range. */
    private static final int[] CODE_POINT_EDGES = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000,
        Character.MAX_CODE_POINT};

    private final Random random;

    public Generators(long seed) {
        this.random = new Random(seed);
    }

    /** The underlying source, for anything the helpers below do not cover. */
    public Random random() {
        return random;
    }

    public boolean nextBoolean() {
        return random.nextBoolean();
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** Any int: an edge value one time in eight, otherwise a random value of random bit length and sign. */
    public int anyInt() {
        if (random.nextInt(8) == 0) {
            return INT_EDGES[random.nextInt(INT_EDGES.length)];
        }
        return random.nextInt() >> random.nextInt(32);
    }

    /** Any long: an edge value one time in eight, otherwise a random value of random bit length and sign. */
    public long anyLong() {
        if (random.nextInt(8) == 0) {
            return LONG_EDGES[random.nextInt(LONG_EDGES.length)];
        }
        return random.nextLong() >> random.nextInt(64);
    }

    /** A value in [min, max], both inclusive; each end one time in sixteen. */
    public int intBetween(int min, int max) {
        return (int) longBetween(min, max);
    }

    /** A value in [min, max], both inclusive; each end one time in sixteen. */
    public long longBetween(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException(min + " > " + max);
        }
        int edge = random.nextInt(16);
        if (edge == 0) {
            return min;
        }
        if (edge == 1) {
            return max;
        }
        if (max < Long.MAX_VALUE) {
            return random.nextLong(min, max + 1);
        }
        return min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min - 1, max) + 1;
    }

    /** A non-negative int, spread over every magnitude up to {@link Integer#MAX_VALUE}. */
    public int nonNegativeInt() {
        return random.nextInt(8) == 0 ? (random.nextBoolean() ? 0 : Integer.MAX_VALUE)
                : (random.nextInt() >>> 1) >> random.nextInt(31);
    }

    /** One of {@code values}, uniformly. */
    @SafeVarargs
    public final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    /** One of the enum's constants, uniformly. */
    public <E extends Enum<E>> E oneOf(Class<E> type) {
        return oneOf(type.getEnumConstants());
    }

    /** Random bytes, {@code minSize} to {@code maxSize} of them; sometimes all 0x00 or all 0xFF. */
    public byte[] bytes(int minSize, int maxSize) {
        byte[] bytes = new byte[intBetween(minSize, maxSize)];
        switch (random.nextInt(10)) {
            case 0 -> Arrays.fill(bytes, (byte) 0);
            case 1 -> Arrays.fill(bytes, (byte) 0xFF);
            default -> random.nextBytes(bytes);
        }
        return bytes;
    }

    /** {@link #bytes}(0, maxSize), or null with probability {@code nullChance}. */
    public byte[] bytesOrNull(int maxSize, double nullChance) {
        return chance(nullChance) ? null : bytes(0, maxSize);
    }

    /** A list of {@code minSize} to {@code maxSize} elements, each from {@code element}. */
    public <T> List<T> listOf(int minSize, int maxSize, Function<Generators, T> element) {
        int size = intBetween(minSize, maxSize);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(this));
        }
        return list;
    }

    /**
     * Text of up to {@code maxCodePoints} code points, any of Unicode's but unpaired surrogates (so
     * it always has a UTF-8 form), with each UTF-8 length equally likely and the boundary code
     * points often.
     */
    public String text(int maxCodePoints) {
        int count = intBetween(0, maxCodePoints);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.appendCodePoint(codePoint());
        }
        return text.toString();
    }

    private int codePoint() {
        if (random.nextInt(10) == 0) {
            return CODE_POINT_EDGES[random.nextInt(CODE_POINT_EDGES.length)];
        }
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(0x80);
            case 1 -> random.nextInt(0x80, 0x800);
            case 2 -> {
                int cp = random.nextInt(0x800, 0x10000 - (Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1));
                yield cp < Character.MIN_SURROGATE ? cp : cp + (Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1);
            }
            default -> random.nextInt(0x10000, Character.MAX_CODE_POINT + 1);
        };
    }
}
