package dev.rustmq.it;

import static org.awaitility.Awaitility.await;

import dev.rustmq.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real RustMQ server process: the Liberty install and application that {@code mvn verify}
 * prepared under target/liberty, run with {@code server run} (the JVM itself, so a kill is a
 * real SIGKILL of the broker). Each instance gets its own output folder, data folder and
 * admin port on 127.0.0.1, so several can run side by side and restart on the same data.
 */
public final class LibertyServer implements AutoCloseable {
    private static final Path WLP = Path.of(System.getProperty("rustmq.it.wlp.dir", "target/liberty/wlp"));
    private static final Path WORK = Path.of(System.getProperty("rustmq.it.work.dir", "target/it-work"));
    private static final String SERVER = System.getProperty("rustmq.it.server.name", "rustmq");
    /**
     * JVM options of every test server: a small heap, and the JIT's first tier only, which starts
     * Liberty in about 15 s of CPU instead of 30 here (the ITs assert behaviour, never speed;
     * production servers keep the full JIT).
     */
    static final String TEST_JVM_ARGS = "-Xmx512m -XX:TieredStopAtLevel=1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path home;
    private final Path dataDir;
    private final Path console;
    private final Map<String, String> env = new HashMap<>();
    private int port;
    private int dataPort;
    private boolean dataPortFromConfig;
    private Process process;

    private LibertyServer(String name) throws IOException {
        this.home = Files.createDirectories(WORK.toAbsolutePath().resolve(name + "-" + System.nanoTime()));
        this.dataDir = home.resolve("data");
        this.console = home.resolve("console.log");
    }

    /** A server with its own fresh data folder; nothing is started yet. */
    public static LibertyServer create(String name) throws IOException {
        return new LibertyServer(name);
    }

    public LibertyServer env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Leaves [network] quic_listen to the server's config file (the test then picks a free port itself). */
    public LibertyServer dataPortFromConfig() {
        dataPortFromConfig = true;
        return this;
    }

    /** Puts the admin HTTP endpoint on {@code adminPort} instead of a free port (before the first launch). */
    public LibertyServer adminPort(int adminPort) {
        port = adminPort;
        return this;
    }

    /** The client data port (127.0.0.1) this server listens on, once launched. */
    public int dataPort() {
        return dataPort;
    }

    public Path home() {
        return home;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Starts the process (not waiting for readiness). A restart keeps the data folder and the port. */
    public LibertyServer launch() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        // Both ports at once, so they differ: the data transport must never hold the admin port.
        if (port == 0 && dataPort == 0) {
            int[] ports = FreePorts.take(2);
            port = ports[0];
            dataPort = ports[1];
        } else if (port == 0) {
            port = FreePorts.take();
        } else if (dataPort == 0) {
            dataPort = FreePorts.take();
        }
        List<String> command = new ArrayList<>(List.of(WLP.resolve("bin/server").toString(), "run", SERVER));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("WLP_OUTPUT_DIR", home.resolve("output").toString());
        pb.environment().put("RUSTMQ_ADMIN_HOST", "127.0.0.1");
        pb.environment().put("RUSTMQ_ADMIN_PORT", Integer.toString(port));
        pb.environment().put("RUSTMQ_DATA_DIR", dataDir.toString());
        pb.environment().put("JVM_ARGS", TEST_JVM_ARGS);
        if (!dataPortFromConfig) {
            // Each server its own client data port (TCP now, QUIC later): nothing binds 9092 in tests.
            pb.environment().put("RUSTMQ_NETWORK_QUIC_LISTEN", "127.0.0.1:" + dataPort);
        }
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        process = pb.start();
        return this;
    }

    /** Starts and waits until {@code /ready} answers 200. */
    public LibertyServer start() throws IOException {
        launch();
        awaitReady();
        return this;
    }

    public void awaitReady() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("server exited with " + process.exitValue() + "; console:\n" + consoleText());
            }
            try {
                return get("/ready").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Graceful stop: SIGTERM runs Liberty's shutdown hook, as Kubernetes does. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** SIGKILL: no shutdown hook, no flush; what a crash or OOM kill looks like. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("server did not exit within " + timeout + "; console:\n" + consoleText());
        }
        return process.exitValue();
    }

    public String consoleText() {
        try {
            return Files.exists(console) ? Files.readString(console, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(console unreadable: " + e + ")";
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    public HttpResponse<String> delete(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).DELETE());
    }

    public HttpResponse<String> postJson(String path, String json) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> putJson(String path, String json) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

}
