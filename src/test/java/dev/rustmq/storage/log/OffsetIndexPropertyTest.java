package dev.rustmq.storage.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.storage.wal.WalPosition;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The offset index over random batch shapes: lookups find the holding batch, ranges honour maxBytes and the end. */
class OffsetIndexPropertyTest {

    /** One batch's shape: how many records (offsets) it holds and how many bytes it takes. */
    record Shape(int records, int bytes) {
    }

    @Provide
    Arbitrary<List<Shape>> shapes() {
        return Combinators.combine(Arbitraries.integers().between(1, 40), Arbitraries.integers().between(1, 5_000))
                .as(Shape::new).list().ofMinSize(1).ofMaxSize(60);
    }

    private static OffsetIndex index(List<Shape> shapes, long firstOffset) {
        OffsetIndex index = new OffsetIndex();
        long base = firstOffset;
        long walOffset = 0;
        for (Shape s : shapes) {
            index.add(new BatchLocation(base, base + s.records() - 1, 0, 0L, new WalPosition(walOffset, s.bytes() + 11),
                    11, s.bytes()));
            base += s.records();
            walOffset += s.bytes() + 19;
        }
        return index;
    }

    private static long total(List<Shape> shapes) {
        return shapes.stream().mapToLong(Shape::records).sum();
    }

    @Property(tries = 300)
    void everyOffsetMapsToTheBatchThatHoldsIt(@ForAll("shapes") List<Shape> shapes,
            @ForAll @LongRange(min = 0, max = 1L << 40) long firstOffset) {
        OffsetIndex index = index(shapes, firstOffset);
        long end = firstOffset + total(shapes);

        long base = firstOffset;
        for (int batch = 0; batch < shapes.size(); batch++) {
            long last = base + shapes.get(batch).records() - 1;
            for (long offset = base; offset <= last; offset++) {
                int i = index.indexOf(offset);
                assertThat(i).as("index of offset %d", offset).isEqualTo(batch);
                assertThat(index.get(i).baseOffset()).isEqualTo(base);
                assertThat(index.get(i).lastOffset()).isEqualTo(last);
            }
            base = last + 1;
        }
        assertThat(index.indexOf(firstOffset - 1)).isEqualTo(-1);
        assertThat(index.indexOf(end)).isEqualTo(-1);
        assertThat(index.indexOf(Long.MAX_VALUE)).isEqualTo(-1);
        assertThat(index.size()).isEqualTo(shapes.size());
        assertThat(index.first().baseOffset()).isEqualTo(firstOffset);
        assertThat(index.last().lastOffset()).isEqualTo(end - 1);
    }

    @Property(tries = 1_000)
    void rangeReturnsWholeBatchesFromTheHolderWithinMaxBytesAndBelowTheEnd(@ForAll("shapes") List<Shape> shapes,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int offsetPick,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int endPick,
            @ForAll @IntRange(min = 0, max = 40_000) int maxBytes) {
        OffsetIndex index = index(shapes, 0);
        long total = total(shapes);
        long offset = offsetPick % total;
        long endOffset = offset + endPick % (total - offset + 1);
        int from = index.indexOf(offset);

        List<BatchLocation> range = index.range(from, endOffset, maxBytes);

        BatchLocation holder = index.get(from);
        if (holder.lastOffset() >= endOffset) {
            assertThat(range).as("the holding batch reaches the end bound").isEmpty();
            return;
        }
        assertThat(range).as("at least one batch").isNotEmpty();
        assertThat(range.get(0)).isEqualTo(holder);
        long bytes = 0;
        for (int i = 0; i < range.size(); i++) {
            assertThat(range.get(i)).isEqualTo(index.get(from + i));
            assertThat(range.get(i).lastOffset()).isLessThan(endOffset);
            bytes += range.get(i).size();
        }
        if (range.size() > 1) {
            assertThat(bytes).as("more than one batch only within maxBytes").isLessThanOrEqualTo(maxBytes);
        }
        int after = from + range.size();
        if (after < index.endIndex() && index.get(after).lastOffset() < endOffset) {
            assertThat(bytes + index.get(after).size()).as("stops only when the next batch would not fit")
                    .isGreaterThan(maxBytes);
        }
    }

    @Property(tries = 200)
    void rangeToTheEndOfTheIndexWithUnlimitedBytesReturnsEveryBatchFromTheHolder(
            @ForAll("shapes") List<Shape> shapes, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int offsetPick) {
        OffsetIndex index = index(shapes, 0);
        long total = total(shapes);
        int from = index.indexOf(offsetPick % total);

        assertThat(index.range(from, total, Integer.MAX_VALUE)).hasSize(shapes.size() - from);
    }

    @Property(tries = 200)
    void addRejectsABatchThatDoesNotFollowTheLast(@ForAll("shapes") List<Shape> shapes,
            @ForAll @IntRange(min = -50, max = 50) int shift) {
        if (shift == 1) {
            return;
        }
        OffsetIndex index = index(shapes, 0);
        long base = index.last().lastOffset() + shift;

        assertThatThrownBy(() -> index.add(new BatchLocation(base, base, 0, 0L, new WalPosition(0, 1), 0, 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(index.size()).isEqualTo(shapes.size());
    }

    @Example
    void anEmptyIndexHoldsNothing() {
        OffsetIndex index = new OffsetIndex();

        assertThat(index.isEmpty()).isTrue();
        assertThat(index.size()).isZero();
        assertThat(index.indexOf(0)).isEqualTo(-1);
        assertThat(index.endIndex()).isZero();
    }
}
