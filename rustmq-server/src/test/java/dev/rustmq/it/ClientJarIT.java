package dev.rustmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rustmq-client jar works on its own: examples/ProduceConsume.java, launched as a
 * single-file source program with only that jar and the classpath its build wrote, talks to a
 * real server over TCP and over QUIC.
 */
class ClientJarIT {
    private static final Path JAR = Path.of(System.getProperty("rustmq.it.client.jar", "missing.jar"));
    private static final Path CLASSPATH = Path.of(System.getProperty("rustmq.it.client.classpath", "missing.txt"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    static Path work;
    static LibertyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = LibertyServer.create("client-jar").start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theClientBuildWritesAClasspathWithoutServerClasses() throws Exception {
        assertThat(JAR).as("built by rustmq-client's package phase").isRegularFile();
        String classpath = Files.readString(CLASSPATH, StandardCharsets.UTF_8).trim();
        assertThat(classpath.split(java.io.File.pathSeparator)).isNotEmpty()
                .allSatisfy(entry -> assertThat(Path.of(entry)).isRegularFile())
                .noneSatisfy(entry -> assertThat(entry).contains("rustmq-server"))
                .anySatisfy(entry -> assertThat(entry).contains("netty-codec-native-quic"));
    }

    @Test
    void theExampleProducesAndConsumesOverTcp() throws Exception {
        Command.Result run = example("tcp://127.0.0.1:" + server.dataPort(), "--topic", "example-tcp");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "connected to tcp://127.0.0.1:" + server.dataPort(),
                "created topic example-tcp",
                "produced 5 records at offsets 0..4",
                "offset 0: line 1 of 5", "offset 1: line 2 of 5", "offset 2: line 3 of 5", "offset 3: line 4 of 5",
                "offset 4: line 5 of 5");
    }

    @Test
    void theExampleProducesAndConsumesOverQuicIntoAnExistingTopic() throws Exception {
        String url = "quic://127.0.0.1:" + server.dataPort();
        Command.Result first = example(url, "--tls-insecure", "--topic", "example-quic", "--count", "3");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        Command.Result second = example(url, "--tls-insecure", "--topic", "example-quic", "--count", "2");
        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(second.out().lines()).containsExactly(
                "connected to " + url,
                "topic example-quic exists",
                "produced 2 records at offsets 3..4",
                "offset 3: line 1 of 2", "offset 4: line 2 of 2");
    }

    private static Command.Result example(String... args) throws Exception {
        String classpath = JAR + java.io.File.pathSeparator + Files.readString(CLASSPATH, StandardCharsets.UTF_8).trim();
        List<String> command = new ArrayList<>(List.of(JAVA, "-cp", classpath, "examples/ProduceConsume.java"));
        command.addAll(List.of(args));
        return Command.of(command).run(work);
    }
}
