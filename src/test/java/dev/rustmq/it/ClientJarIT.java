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
 * The SDK's jar (dev.rustmq:rustmq-client, built by sdk/java/pom.xml alone) works on its own: examples/ProduceConsume.java, launched as a
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
        assertThat(JAR).as("built by the SDK's own package phase (mvn -f sdk/java package)").isRegularFile();
        String classpath = Files.readString(CLASSPATH, StandardCharsets.UTF_8).trim();
        // Jackson is allowed: the CLI reads the admin API's JSON with it (ClientArchitectureTest keeps it there).
        assertThat(classpath.split(java.io.File.pathSeparator)).isNotEmpty()
                .allSatisfy(entry -> assertThat(Path.of(entry)).isRegularFile())
                .noneSatisfy(entry -> assertThat(entry).containsAnyOf("infinispan", "awssdk", "jakarta", "microprofile",
                        "tomlj"))
                .anySatisfy(entry -> assertThat(entry).contains("netty-codec-native-quic"));
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR.toFile())) {
            List<String> classes = jar.stream().map(java.util.jar.JarEntry::getName)
                    .filter(name -> name.endsWith(".class")).toList();
            assertThat(classes).contains("dev/rustmq/cli/RustMqCommand.class", "dev/rustmq/client/RustMqClient.class",
                    "dev/rustmq/protocol/record/RecordBatch.class");
            assertThat(classes).allSatisfy(name -> assertThat(name).matches(
                    "dev/rustmq/(protocol|client|cli|common|errors)/.*"));
        }
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

    /** The README's minimal program compiles against the SDK jar alone and produces to a running server. */
    @Test
    void theReadmeProgramCompilesAgainstTheJarAloneAndProduces() throws Exception {
        String program = Files.readString(Command.PROJECT.resolve("examples/Hello.java"), StandardCharsets.UTF_8);
        assertThat(Files.readString(Command.PROJECT.resolve("README.md"), StandardCharsets.UTF_8))
                .as("README.md shows examples/Hello.java as it is").contains(program);
        Command.Result topic = example("tcp://127.0.0.1:" + server.dataPort(), "--topic", "orders", "--count", "1");
        assertThat(topic.exitCode()).as(topic.describe()).isZero();

        Path classes = Files.createDirectories(work.resolve("hello-classes"));
        String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        Command.Result compiled = Command.of(List.of(javac, "-cp", sdkClasspath(), "-d", classes.toString(),
                Command.PROJECT.resolve("examples/Hello.java").toString())).run(work);
        assertThat(compiled.exitCode()).as(compiled.describe()).isZero();

        Command.Result run = Command.of(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-cp", classes + java.io.File.pathSeparator + sdkClasspath(),
                "Hello", "tcp://127.0.0.1:" + server.dataPort())).run(work);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.out().strip()).matches("orders-\\d+ offset \\d+");
    }

    private static String sdkClasspath() throws Exception {
        return JAR + java.io.File.pathSeparator + Files.readString(CLASSPATH, StandardCharsets.UTF_8).trim();
    }

    private static Command.Result example(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-cp", sdkClasspath(),
                Command.PROJECT.resolve("examples/ProduceConsume.java").toString()));
        command.addAll(List.of(args));
        return Command.of(command).run(work);
    }
}
