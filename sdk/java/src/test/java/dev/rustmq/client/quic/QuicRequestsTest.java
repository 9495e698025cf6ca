package dev.rustmq.client.quic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.client.ConnectionLostException;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.common.MockTime;
import dev.rustmq.common.TopicPartition;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.ApiKey;
import dev.rustmq.protocol.ResponseMessage;
import dev.rustmq.protocol.message.DeleteTopicResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The QUIC transport's request decisions on a MockTime, without a network: streams are plain names here. */
class QuicRequestsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

    private final MockTime time = new MockTime();
    private final List<String> closedStreams = new ArrayList<>();
    private final QuicRequests<String> requests = new QuicRequests<>(time, "broker:9092", 2, closedStreams::add);

    private QuicRequests.Request<String> add(TopicPartition partition) {
        QuicRequests.Request<String> request = requests.add(partition == null ? ApiKey.METADATA : ApiKey.PRODUCE,
                (short) 0, ByteBuffer.allocate(8), partition);
        requests.enqueue(request);
        return request;
    }

    /** Opens every stream it may, as the transport does, naming each after its request's number. */
    private List<QuicRequests.Request<String>> open() {
        List<QuicRequests.Request<String>> opened = new ArrayList<>();
        QuicRequests.Request<String> next;
        while ((next = requests.nextToOpen()) != null) {
            next.stream = "stream-" + opened.size();
            opened.add(next);
        }
        return opened;
    }

    @Test
    void aRequestWithoutAnAnswerTimesOutOnTheClockAndItsStreamIsClosed() {
        QuicRequests.Request<String> request = add(null);
        CompletableFuture<ResponseMessage> response = requests.response(request, TIMEOUT);
        assertThat(open()).containsExactly(request);

        time.sleep(TIMEOUT.toMillis() - 1);
        assertThat(response).isNotDone();
        time.sleep(1);

        RustMqClientException error = errorOf(response);
        assertThat(error.errorCode()).isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
        assertThat(error).hasMessageContaining("METADATA request to quic://broker:9092")
                .hasMessageContaining("no response within 30000 ms");
        assertThat(closedStreams).containsExactly("stream-0");
        assertThat(requests.inFlight()).isZero();
    }

    @Test
    void anAnsweredRequestKeepsItsAnswerAndLeavesNoTimer() {
        QuicRequests.Request<String> request = add(null);
        CompletableFuture<ResponseMessage> response = requests.response(request, TIMEOUT);
        DeleteTopicResponse answer = new DeleteTopicResponse(ErrorCode.NONE, null);
        request.future.complete(answer);

        assertThat(response).isCompletedWithValue(answer);
        assertThat(time.pendingTimers()).isZero();
        time.sleep(TIMEOUT.toMillis());
        assertThat(closedStreams).isEmpty();
        assertThat(requests.inFlight()).isZero();
    }

    @Test
    void requestsWaitForAStreamInOrderAndThoseThatTimedOutWaitingAreSkipped() {
        QuicRequests.Request<String> first = add(null);
        QuicRequests.Request<String> second = add(null);
        requests.response(first, TIMEOUT);
        requests.response(second, TIMEOUT);
        assertThat(open()).containsExactly(first, second);

        QuicRequests.Request<String> timesOut = add(null);
        CompletableFuture<ResponseMessage> timedOut = requests.response(timesOut, Duration.ofSeconds(1));
        QuicRequests.Request<String> fourth = add(null);
        requests.response(fourth, TIMEOUT);
        assertThat(open()).as("both streams are taken").isEmpty();

        time.sleep(1_000);
        assertThat(errorOf(timedOut).errorCode()).isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
        assertThat(closedStreams).as("it never had one").isEmpty();
        requests.streamClosed();
        assertThat(open()).containsExactly(fourth);
    }

    @Test
    void producesToOnePartitionGoOneAtATime() {
        QuicRequests.Request<String> first = add(ORDERS_0);
        QuicRequests.Request<String> second = add(ORDERS_0);
        QuicRequests.Request<String> other = add(ORDERS_1);
        assertThat(open()).containsExactly(first, other);

        first.future.complete(new DeleteTopicResponse(ErrorCode.NONE, null));
        requests.streamClosed();
        assertThat(requests.finished(first)).isTrue();
        assertThat(open()).containsExactly(second);
        assertThat(requests.finished(second)).isFalse();
    }

    @Test
    void theConnectionsEndFailsEveryRequestInFlightAndEveryLaterOne() {
        QuicRequests.Request<String> sent = add(null);
        CompletableFuture<ResponseMessage> sentResponse = requests.response(sent, TIMEOUT);
        open();
        QuicRequests.Request<String> waiting = requests.add(ApiKey.METADATA, (short) 0, ByteBuffer.allocate(8), null);
        ConnectionLostException lost = new ConnectionLostException("QUIC connection to broker:9092 closed", null);

        requests.fail(lost);
        requests.fail(new ConnectionLostException("a later cause", null));

        assertThat(errorOf(sentResponse)).isSameAs(lost);
        assertThat(waiting.future).isCompletedExceptionally();
        assertThat(requests.closedBecause()).isSameAs(lost);
        QuicRequests.Request<String> later = add(null);
        assertThat(errorOf(requests.response(later, TIMEOUT))).isSameAs(lost);
        assertThat(open()).isEmpty();
        assertThat(requests.inFlight()).isZero();
    }

    @Test
    void aKeepAliveIsDueOnceNothingWasSentForTheIdleInterval() {
        long idle = TimeUnit.SECONDS.toNanos(10);
        assertThat(requests.keepAliveDue(idle)).isFalse();
        time.advanceNanos(idle - 1);
        assertThat(requests.keepAliveDue(idle)).isFalse();
        time.advanceNanos(1);
        assertThat(requests.keepAliveDue(idle)).isTrue();

        add(null);
        assertThat(requests.keepAliveDue(idle)).as("a request was just sent").isFalse();
        time.advanceNanos(idle);
        requests.fail(new ConnectionLostException("closed", null));
        assertThat(requests.keepAliveDue(idle)).as("the connection has ended").isFalse();
    }

    private static RustMqClientException errorOf(CompletableFuture<ResponseMessage> response) {
        assertThat(response).isCompletedExceptionally();
        try {
            response.join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(RustMqClientException.class);
            return (RustMqClientException) e.getCause();
        }
        throw new AssertionError("not failed: " + response);
    }
}
