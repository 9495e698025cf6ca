package dev.rustmq.storage.log;

import static dev.rustmq.testing.PropertyCheck.forAll;
import static dev.rustmq.testing.PropertyCheck.forEach;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmq.storage.wal.WalPosition;
import dev.rustmq.testing.Generators;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The offset index over random batch shapes: lookups find the holding batch, ranges honour maxBytes and the end. */
class OffsetIndexPropertyTest {

    /** One batch's shape: how many records (offsets) it holds and how many bytes it takes. */
    record Shape(int records, int bytes) {
    }

    record Lookup(List<Shape> shapes, long firstOffset) {
    }

    record RangeQuery(List<Shape> shapes, int offsetPick, int endPick, int maxBytes) {
    }

    record Pick(List<Shape> shapes, int offsetPick) {
    }

    // ---- generators ----

    /**
     * Up to 130 batches, more than the index's initial capacity of 64 and its first doubling, so
     * lookups also run on arrays that have grown.
     */
    private static List<Shape> shapes(Generators gen) {
        return gen.listOf(1, 130, g -> new Shape(g.intBetween(1, 40), g.intBetween(1, 5_000)));
    }

    /**
     * Random picks, and one time in three a maxBytes within a byte of the total size of the first
     * few batches from the holder, where "fits" turns into "does not fit".
     */
    private static RangeQuery rangeQueries(Generators gen) {
        List<Shape> shapes = shapes(gen);
        int offsetPick = gen.nonNegativeInt();
        int endPick = gen.nonNegativeInt();
        int maxBytes = gen.intBetween(0, 40_000);
        if (gen.random().nextInt(3) == 0) {
            long offset = offsetPick % total(shapes);
            int holder = 0;
            for (long base = 0; base + shapes.get(holder).records() <= offset; holder++) {
                base += shapes.get(holder).records();
            }
            int batches = gen.intBetween(1, shapes.size() - holder);
            long bytes = 0;
            for (int i = holder; i < holder + batches; i++) {
                bytes += shapes.get(i).bytes();
            }
            maxBytes = (int) Math.max(0, Math.min(40_000, bytes + gen.intBetween(-1, 1)));
        }
        return new RangeQuery(shapes, offsetPick, endPick, maxBytes);
    }

    // ---- edge cases ----

    private static List<List<Shape>> edgeShapes() {
        List<List<Shape>> edges = new ArrayList<>();
        edges.add(List.of(new Shape(1, 1)));
        edges.add(List.of(new Shape(40, 5_000)));
        edges.add(List.of(new Shape(1, 5_000), new Shape(40, 1)));
        for (int count : new int[] {60, 63, 64, 65, 127, 128, 129, 130}) {
            edges.add(Collections.nCopies(count, new Shape(1, 1)));
            edges.add(Collections.nCopies(count, new Shape(40, 5_000)));
        }
        return edges;
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

    // ---- properties ----

    @Test
    void everyOffsetMapsToTheBatchThatHoldsIt() {
        List<Lookup> edges = new ArrayList<>();
        for (List<Shape> shapes : edgeShapes()) {
            edges.add(new Lookup(shapes, 0));
            edges.add(new Lookup(shapes, 1));
            edges.add(new Lookup(shapes, 1L << 40));
        }
        forEach(edges, OffsetIndexPropertyTest::everyOffsetMapsToItsBatch);
        forAll(300, gen -> new Lookup(shapes(gen), gen.longBetween(0, 1L << 40)),
                OffsetIndexPropertyTest::everyOffsetMapsToItsBatch);
    }

    private static void everyOffsetMapsToItsBatch(Lookup lookup) {
        List<Shape> shapes = lookup.shapes();
        long firstOffset = lookup.firstOffset();
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
        assertThat(index.indexOf(Long.MIN_VALUE)).isEqualTo(-1);
        assertThat(index.size()).isEqualTo(shapes.size());
        assertThat(index.first().baseOffset()).isEqualTo(firstOffset);
        assertThat(index.last().lastOffset()).isEqualTo(end - 1);
    }

    @Test
    void rangeReturnsWholeBatchesFromTheHolderWithinMaxBytesAndBelowTheEnd() {
        List<RangeQuery> edges = new ArrayList<>();
        for (List<Shape> shapes : edgeShapes()) {
            int lastOffset = (int) total(shapes) - 1;
            for (int offsetPick : new int[] {0, lastOffset, Integer.MAX_VALUE}) {
                for (int endPick : new int[] {0, 1, Integer.MAX_VALUE}) {
                    for (int maxBytes : new int[] {0, 1, 4_999, 5_000, 5_001, 10_000, 40_000}) {
                        edges.add(new RangeQuery(shapes, offsetPick, endPick, maxBytes));
                    }
                }
            }
        }
        forEach(edges, OffsetIndexPropertyTest::rangeIsWholeBatchesWithinBounds);
        forAll(1_000, OffsetIndexPropertyTest::rangeQueries, OffsetIndexPropertyTest::rangeIsWholeBatchesWithinBounds);
    }

    private static void rangeIsWholeBatchesWithinBounds(RangeQuery query) {
        List<Shape> shapes = query.shapes();
        int maxBytes = query.maxBytes();
        OffsetIndex index = index(shapes, 0);
        long total = total(shapes);
        long offset = query.offsetPick() % total;
        long endOffset = offset + query.endPick() % (total - offset + 1);
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

    @Test
    void rangeToTheEndOfTheIndexWithUnlimitedBytesReturnsEveryBatchFromTheHolder() {
        List<Pick> edges = new ArrayList<>();
        for (List<Shape> shapes : edgeShapes()) {
            int lastOffset = (int) total(shapes) - 1;
            for (int offsetPick : new int[] {0, 1, lastOffset, Integer.MAX_VALUE}) {
                edges.add(new Pick(shapes, offsetPick));
            }
        }
        forEach(edges, OffsetIndexPropertyTest::rangeToTheEndHasEveryBatchFromTheHolder);
        forAll(200, gen -> new Pick(shapes(gen), gen.nonNegativeInt()),
                OffsetIndexPropertyTest::rangeToTheEndHasEveryBatchFromTheHolder);
    }

    private static void rangeToTheEndHasEveryBatchFromTheHolder(Pick pick) {
        OffsetIndex index = index(pick.shapes(), 0);
        long total = total(pick.shapes());
        int from = index.indexOf(pick.offsetPick() % total);

        assertThat(index.range(from, total, Integer.MAX_VALUE)).hasSize(pick.shapes().size() - from);
    }

    /** Every shift in [-50, 50] but the one that follows on (1), against each index. */
    @Test
    void addRejectsABatchThatDoesNotFollowTheLast() {
        forEach(edgeShapes(), OffsetIndexPropertyTest::rejectsEveryShiftButOne);
        forAll(200, OffsetIndexPropertyTest::shapes, OffsetIndexPropertyTest::rejectsEveryShiftButOne);
    }

    private static void rejectsEveryShiftButOne(List<Shape> shapes) {
        OffsetIndex index = index(shapes, 0);
        for (int shift = -50; shift <= 50; shift++) {
            if (shift == 1) {
                continue;
            }
            long base = index.last().lastOffset() + shift;

            assertThatThrownBy(() -> index.add(new BatchLocation(base, base, 0, 0L, new WalPosition(0, 1), 0, 1)))
                    .as("shift %d", shift)
                    .isInstanceOf(IllegalStateException.class);
            assertThat(index.size()).isEqualTo(shapes.size());
        }
    }

    @Test
    void anEmptyIndexHoldsNothing() {
        OffsetIndex index = new OffsetIndex();

        assertThat(index.isEmpty()).isTrue();
        assertThat(index.size()).isZero();
        assertThat(index.indexOf(0)).isEqualTo(-1);
        assertThat(index.endIndex()).isZero();
    }
}
