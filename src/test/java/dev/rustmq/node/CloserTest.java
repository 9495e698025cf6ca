package dev.rustmq.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {
    private final List<String> closed = new ArrayList<>();
    private final Closer closer = new Closer();

    private AutoCloseable resource(String name) {
        return () -> closed.add(name);
    }

    private AutoCloseable failing(String name, Exception failure) {
        return () -> {
            closed.add(name);
            throw failure;
        };
    }

    @Test
    void closesInReverseOrderOfRegistration() {
        closer.register("first", resource("first"));
        closer.register("second", resource("second"));
        closer.register("third", resource("third"));

        closer.close();

        assertThat(closed).containsExactly("third", "second", "first");
    }

    @Test
    void registerReturnsTheResource() {
        AutoCloseable resource = resource("it");
        assertThat(closer.register("it", resource)).isSameAs(resource);
    }

    @Test
    void aResourceThatThrowsDoesNotKeepTheOthersOpen() {
        IllegalStateException second = new IllegalStateException("second failed");
        IllegalArgumentException fourth = new IllegalArgumentException("fourth failed");
        closer.register("first", resource("first"));
        closer.register("second", failing("second", second));
        closer.register("third", resource("third"));
        closer.register("fourth", failing("fourth", fourth));
        closer.register("fifth", resource("fifth"));

        assertThatThrownBy(closer::close).isSameAs(fourth);

        assertThat(closed).containsExactly("fifth", "fourth", "third", "second", "first");
        assertThat(fourth.getSuppressed()).containsExactly(second);
    }

    @Test
    void aCheckedFailureIsWrappedAndNamesTheResource() {
        IOException io = new IOException("disk gone");
        closer.register("object store", failing("object store", io));

        assertThatThrownBy(closer::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("closing the object store failed")
                .hasCause(io);
    }

    @Test
    void anErrorIsRethrownAfterTheOthersAreClosed() {
        AssertionError error = new AssertionError("broken");
        closer.register("first", resource("first"));
        closer.register("second", () -> {
            closed.add("second");
            throw error;
        });

        assertThatThrownBy(closer::close).isSameAs(error);
        assertThat(closed).containsExactly("second", "first");
    }

    @Test
    void closesEachResourceOnce() {
        closer.register("only", resource("only"));

        closer.close();
        closer.close();

        assertThat(closed).containsExactly("only");
    }

    @Test
    void closeAfterAFailedStartAddsCloseFailuresToTheCause() {
        IllegalStateException closing = new IllegalStateException("cannot close");
        closer.register("first", resource("first"));
        closer.register("second", failing("second", closing));
        RuntimeException cause = new RuntimeException("start-up failed");

        assertThat(closer.closeAfter(cause)).isSameAs(cause);

        assertThat(closed).containsExactly("second", "first");
        assertThat(cause.getSuppressed()).containsExactly(closing);
    }

    @Test
    void closeAfterWithNothingFailingLeavesTheCauseAlone() {
        closer.register("first", resource("first"));
        RuntimeException cause = new RuntimeException("start-up failed");

        closer.closeAfter(cause);

        assertThat(closed).containsExactly("first");
        assertThat(cause.getSuppressed()).isEmpty();
    }
}
