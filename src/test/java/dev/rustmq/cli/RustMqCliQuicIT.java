package dev.rustmq.cli;

import static dev.rustmq.cli.CliRunner.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rustmq.cli.CliRunner.Result;
import dev.rustmq.testing.TestNode;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --bootstrap quic://...} and the TLS trust options against in-process nodes. */
class RustMqCliQuicIT {
    @TempDir
    static Path dir;
    /** The broker's generated self-signed certificate (the default). */
    static TestNode node;
    /** A broker with a configured certificate for localhost, which the CLI can be told to trust. */
    static TestNode certNode;
    static SelfSignedCertificate cert;

    @BeforeAll
    static void startNodes() throws Exception {
        node = new TestNode(Files.createDirectories(dir.resolve("default")), Map.of());
        cert = SelfSignedCertificate.builder().fqdn("localhost").build();
        certNode = new TestNode(Files.createDirectories(dir.resolve("cert")), Map.of(
                "network.tls_cert_path", cert.certificate().getPath(),
                "network.tls_key_path", cert.privateKey().getPath()));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.node.quicAddress().isPresent()
                && certNode.node.quicAddress().isPresent());
    }

    @AfterAll
    static void stopNodes() throws InterruptedException {
        node.close();
        certNode.close();
        cert.delete();
    }

    static String quic(TestNode n, String host) {
        return "quic://" + host + ":" + n.node.quicAddress().orElseThrow().getPort();
    }

    @Test
    void producesAndConsumesOverQuicWithTlsInsecureAndWarnsAboutIt() {
        String url = quic(node, "127.0.0.1");
        Result created = run("topics", "create", "q-cli", "--partitions", "2", "--bootstrap", url, "--tls-insecure");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.err()).contains("rustmq: warning: --tls-insecure").contains("not verified");

        String input = "eins\nzwei é\ndrei ✓ 😀\n";
        Result produced = run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                "produce", "q-cli", "--partition", "1", "--bootstrap", url, "--tls-insecure");
        assertThat(produced.exitCode()).as(produced.err()).isZero();
        Result consumed = run("consume", "q-cli", "--partition", "1", "--from-beginning", "--max-messages", "3",
                "--bootstrap", url, "--tls-insecure");
        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        assertThat(consumed.out()).isEqualTo(input);
        // The same broker over TCP (bare host:port) sees the same data.
        Result tcp = run("consume", "q-cli", "--partition", "1", "--from-beginning", "--max-messages", "3",
                "--bootstrap", "127.0.0.1:" + node.address.getPort());
        assertThat(tcp.out()).isEqualTo(input);
        assertThat(tcp.err()).doesNotContain("warning");
    }

    @Test
    void anUntrustedCertificateNamesTheFlagsToUse() {
        Result r = run("topics", "list", "--bootstrap", quic(node, "127.0.0.1"));
        assertThat(r.exitCode()).isEqualTo(TlsFailure.EXIT_CODE);
        assertThat(r.err()).startsWith("rustmq: TLS handshake with the broker at " + quic(node, "127.0.0.1")
                + " failed: ").contains("certification path").contains("--tls-trust-cert FILE.pem")
                .contains("--tls-insecure").doesNotContain("ClientOptions").doesNotContain("\tat ");
    }

    @Test
    void trustsTheGivenCertificateForTheHostItNames() throws Exception {
        String pem = cert.certificate().getPath();
        Result ok = run("topics", "create", "q-trusted", "--partitions", "1", "--bootstrap",
                quic(certNode, "localhost"), "--tls-trust-cert", pem);
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.err()).isEmpty();
        assertThat(run("topics", "list", "--bootstrap", quic(certNode, "localhost"), "--tls-trust-cert", pem).out())
                .contains("q-trusted\t1");

        // Right certificate, wrong name: the hint is about the host, not the trust store.
        Result byIp = run("topics", "list", "--bootstrap", quic(certNode, "127.0.0.1"), "--tls-trust-cert", pem);
        assertThat(byIp.exitCode()).isEqualTo(TlsFailure.EXIT_CODE);
        assertThat(byIp.err()).contains("is not for 127.0.0.1").contains("quic://localhost:PORT");

        // A PEM of some other certificate does not make the broker's trusted.
        SelfSignedCertificate other = SelfSignedCertificate.builder().fqdn("localhost").build();
        try {
            Result wrong = run("topics", "list", "--bootstrap", quic(certNode, "localhost"), "--tls-trust-cert",
                    other.certificate().getPath());
            assertThat(wrong.exitCode()).isEqualTo(TlsFailure.EXIT_CODE);
            assertThat(wrong.err()).contains("--tls-trust-cert FILE.pem");
        } finally {
            other.delete();
        }
    }

    @Test
    void trustOptionsThatDoNotFitAreUsageErrors() {
        String url = quic(node, "127.0.0.1");
        Result both = run("topics", "list", "--bootstrap", url, "--tls-insecure", "--tls-trust-cert",
                cert.certificate().getPath());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--tls-trust-cert and --tls-insecure exclude each other");

        Result missing = run("topics", "list", "--bootstrap", url, "--tls-trust-cert", dir.resolve("nope.pem").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.pem: no such readable file");

        // host:port means TCP: TLS flags there are refused, not silently ignored.
        Result tcp = run("topics", "list", "--bootstrap", "127.0.0.1:" + node.address.getPort(), "--tls-insecure");
        assertThat(tcp.exitCode()).isEqualTo(2);
        assertThat(tcp.err()).contains("--tls-insecure applies to QUIC only").contains("use --bootstrap quic://");

        Result scheme = run("topics", "list", "--bootstrap", "http://127.0.0.1:9092");
        assertThat(scheme.exitCode()).isEqualTo(2);
        assertThat(scheme.err()).contains("use host:port (TCP), tcp://host:port or quic://host:port");
    }
}
