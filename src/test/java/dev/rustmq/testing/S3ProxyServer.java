package dev.rustmq.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API for tests: S3Proxy's runnable jar (copied to target/s3proxy by the build) as its
 * own process on 127.0.0.1, storing objects in a folder. {@link #stop()} and {@link #start()}
 * keep the port and the data, so tests can take the store away and bring it back;
 * {@link #close()} stops it for good. Needs nothing installed but Java.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "rustmq-test-access";
    public static final String SECRET_KEY = "rustmq-test-secret";
    private static final Path JAR = Path.of(System.getProperty("rustmq.test.s3proxy.jar", "target/s3proxy/s3proxy.jar"));

    private final Path home;
    private final Path data;
    private final Path log;
    private final int port;
    private Process process;

    private S3ProxyServer(Path home, int port) throws IOException {
        this.home = home;
        this.data = Files.createDirectories(home.resolve("data"));
        this.log = home.resolve("s3proxy.log");
        this.port = port;
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", endpoint());
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", ACCESS_KEY);
        p.setProperty("s3proxy.credential", SECRET_KEY);
        // The AWS SDK sends headers S3Proxy does not know (checksums, SDK metadata).
        p.setProperty("s3proxy.ignore-unknown-headers", "true");
        // Single-part PUTs up to the largest multipart_threshold a test uses (default limit: 32 MiB).
        p.setProperty("s3proxy.v4-max-non-chunked-request-size", Long.toString(256L << 20));
        p.setProperty("jclouds.provider", "filesystem");
        p.setProperty("jclouds.identity", ACCESS_KEY);
        p.setProperty("jclouds.credential", SECRET_KEY);
        p.setProperty("jclouds.filesystem.basedir", data.toString());
        try (var out = Files.newBufferedWriter(home.resolve("s3proxy.properties"), StandardCharsets.UTF_8)) {
            p.store(out, "written by S3ProxyServer");
        }
        // A test that forgets close() (or a failed run) must not leave S3Proxy running.
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "s3proxy-stop"));
    }

    /** Starts S3Proxy on a free port with its files under {@code home}; returns once it answers. */
    public static S3ProxyServer start(Path home) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("no S3Proxy jar at " + JAR.toAbsolutePath()
                    + ": build with Maven (process-test-resources copies it)");
        }
        S3ProxyServer server = new S3ProxyServer(Files.createDirectories(home), FreePorts.take());
        server.start();
        return server;
    }

    /** (Re)starts the process on the same port and data; waits until it accepts connections. */
    public synchronized void start() throws IOException {
        if (isRunning()) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", JAR.toAbsolutePath().toString(),
                "--properties", home.resolve("s3proxy.properties").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Process started = process;
        await("S3Proxy listening on " + endpoint() + " (log: " + log + ")").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException("S3Proxy exited with " + started.exitValue() + "; see " + log);
                    }
                    return accepts();
                });
    }

    /** Kills the process (as a crash would) and waits until it is gone; data and port stay. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("S3Proxy did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return data;
    }

    /** Creates a bucket (S3Proxy's filesystem backend keeps it across restarts). */
    public void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(r -> r.bucket(bucket));
        }
    }

    /** A plain SDK client for this server, for tests that look behind the store. */
    public S3Client client() {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
