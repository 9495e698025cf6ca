package dev.rustmq.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The property runner and the generators: case counts, reproducible seeds, failure reports, edge values. */
class PropertyCheckTest {

    @Test
    void runsEveryCaseEachFromItsOwnSeed() {
        List<Long> drawn = new ArrayList<>();
        PropertyCheck.forAll(42L, 500, gen -> gen.random().nextLong(), drawn::add);

        assertThat(drawn).hasSize(500);
        assertThat(new HashSet<>(drawn)).hasSize(500);
    }

    @Test
    void theSameBaseSeedGivesTheSameCases() {
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        PropertyCheck.forAll(7L, 100, Generators::anyInt, first::add);
        PropertyCheck.forAll(7L, 100, Generators::anyInt, second::add);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void aFailureNamesTheCaseItsSeedsAndTheInput() {
        assertThatThrownBy(() -> PropertyCheck.forAll(99L, 10, gen -> new byte[] {1, 2, (byte) 0xFF},
                bytes -> {
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("random case 0 of 10")
                .hasMessageContaining("case seed " + PropertyCheck.caseSeed(99L, 0))
                .hasMessageContaining("base seed 99")
                .hasMessageContaining("-D" + PropertyCheck.SEED_PROPERTY + "=99")
                .hasMessageContaining("3 bytes 0102ff")
                .hasMessageContaining("boom")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailureAfterSomePassingCasesNamesTheFailingOne() {
        int[] calls = {0};
        assertThatThrownBy(() -> PropertyCheck.forAll(5L, 10, gen -> calls[0]++,
                i -> assertThat(i).isLessThan(3)))
                .hasMessageContaining("random case 3 of 10")
                .hasMessageContaining("case seed " + PropertyCheck.caseSeed(5L, 3));
    }

    @Test
    void anEdgeCaseFailureNamesTheEdgeCase() {
        record Input(String name, byte[] bytes) {
        }

        assertThatThrownBy(() -> PropertyCheck.forEach(input -> assertThat(input.bytes()).isEmpty(),
                new Input("a", new byte[0]), new Input("b", new byte[] {9})))
                .hasMessageContaining("edge case 1 of 2")
                .hasMessageContaining("Input[name=b, bytes=1 bytes 09]");
    }

    @Test
    void numbersHitTheirEdgesAndEveryMagnitude() {
        Generators gen = new Generators(1L);
        Set<Integer> ints = new HashSet<>();
        Set<Long> longs = new HashSet<>();
        Set<Integer> intBits = new HashSet<>();
        Set<Integer> between = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            int anInt = gen.anyInt();
            ints.add(anInt);
            intBits.add(32 - Integer.numberOfLeadingZeros(anInt < 0 ? ~anInt : anInt));
            longs.add(gen.anyLong());
            between.add(gen.intBetween(-3, 3));
            assertThat(gen.nonNegativeInt()).isNotNegative();
            assertThat(gen.longBetween(Long.MAX_VALUE - 2, Long.MAX_VALUE)).isGreaterThanOrEqualTo(Long.MAX_VALUE - 2);
            assertThat(gen.longBetween(Long.MIN_VALUE, Long.MIN_VALUE + 2)).isLessThanOrEqualTo(Long.MIN_VALUE + 2);
        }
        assertThat(ints).contains(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertThat(longs).contains(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(intBits).hasSize(32);
        assertThat(between).containsExactlyInAnyOrder(-3, -2, -1, 0, 1, 2, 3);
    }

    @Test
    void bytesAndListsHitEmptyAndFullSizes() {
        Generators gen = new Generators(2L);
        Set<Integer> sizes = new HashSet<>();
        Set<Integer> listSizes = new HashSet<>();
        boolean sawNull = false;
        for (int i = 0; i < 2_000; i++) {
            sizes.add(gen.bytes(0, 12).length);
            listSizes.add(gen.listOf(1, 5, Generators::nextBoolean).size());
            sawNull |= gen.bytesOrNull(3, 0.2) == null;
        }
        assertThat(sizes).hasSize(13);
        assertThat(listSizes).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(sawNull).isTrue();
    }

    @Test
    void textIsValidUnicodeOfEveryUtf8Length() {
        Generators gen = new Generators(3L);
        Set<Integer> utf8Lengths = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String text = gen.text(12);
            assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(12);
            text.codePoints().forEach(cp -> {
                assertThat(Character.isSurrogate((char) cp) && cp < 0x10000).as("code point %x", cp).isFalse();
                utf8Lengths.add(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length);
            });
            assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(text);
        }
        assertThat(utf8Lengths).containsExactlyInAnyOrder(1, 2, 3, 4);
    }
}
