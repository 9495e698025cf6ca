package dev.rustmq.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.app.AdminEndpointProbe.Outcome;
import dev.rustmq.common.MockTime;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up check that the admin endpoint answers with this server's instance id, on a MockTime. */
class AdminEndpointProbeTest {
    private static final AdminEndpoint ENDPOINT = new AdminEndpoint("127.0.0.1", 40569);
    private static final long TIMEOUT_MS = 10_000;

    private final MockTime time = new MockTime();
    private final List<URI> asked = new ArrayList<>();

    private AdminEndpointProbe probe(AdminEndpointProbe.InstanceLookup answers) {
        return new AdminEndpointProbe(ENDPOINT, "me", uri -> {
            asked.add(uri);
            return answers.instanceAt(uri);
        }, time, TIMEOUT_MS);
    }

    @Test
    void anEndpointThatAnswersThisInstanceIsServed() {
        AdminEndpointProbe probe = probe(uri -> "me");

        assertThat(probe.attempt()).isEqualTo(Outcome.SERVED);
        assertThat(asked).containsExactly(URI.create("http://127.0.0.1:40569/api/v1/instance"));
    }

    @Test
    void anEndpointNotListeningYetIsRetriedUntilItAnswers() {
        List<String> answers = new ArrayList<>(List.of("refused", "refused"));
        AdminEndpointProbe probe = probe(uri -> {
            if (!answers.isEmpty()) {
                throw new ConnectException(answers.remove(0));
            }
            return "me";
        });

        assertThat(probe.attempt()).isEqualTo(Outcome.RETRY);
        time.sleep(500);
        assertThat(probe.attempt()).isEqualTo(Outcome.RETRY);
        time.sleep(500);
        assertThat(probe.attempt()).isEqualTo(Outcome.SERVED);
        assertThat(asked).hasSize(3);
    }

    @Test
    void aPortHeldByAnotherProcessFailsOnceTheTimeOutHasPassedNamingThePortAndLibertysError() {
        AdminEndpointProbe probe = probe(uri -> {
            throw new HttpTimeoutException("request timed out");
        });

        assertThat(probe.attempt()).isEqualTo(Outcome.RETRY);
        time.sleep(TIMEOUT_MS - 1);
        assertThat(probe.attempt()).as("just inside the time-out").isEqualTo(Outcome.RETRY);
        time.sleep(1);
        assertThat(probe.attempt()).isEqualTo(Outcome.FAILED);
        assertThat(probe.failureMessage())
                .contains("admin HTTP endpoint http://127.0.0.1:40569 ")
                .contains("not served by this server after 10000 ms")
                .contains("last try: HttpTimeoutException: request timed out")
                .contains("could not bind port 40569")
                .contains("CWWKO0221E")
                .contains("RUSTMQ_ADMIN_PORT");
    }

    @Test
    void anotherServerAnsweringIsNotThisOne() {
        AdminEndpointProbe probe = probe(uri -> "someone-else");

        assertThat(probe.attempt()).isEqualTo(Outcome.RETRY);
        time.sleep(TIMEOUT_MS);
        assertThat(probe.attempt()).isEqualTo(Outcome.FAILED);
        assertThat(probe.failureMessage()).contains("last try: another server answers it (instance someone-else)");
    }

    @Test
    void anAnswerWithoutAnInstanceIdIsNotThisServer() {
        AdminEndpointProbe probe = probe(uri -> {
            throw new IOException("HTTP 404 from " + uri);
        });
        time.sleep(TIMEOUT_MS);

        assertThat(probe.attempt()).isEqualTo(Outcome.FAILED);
        assertThat(probe.failureMessage())
                .contains("last try: IOException: HTTP 404 from http://127.0.0.1:40569/api/v1/instance");
    }
}
