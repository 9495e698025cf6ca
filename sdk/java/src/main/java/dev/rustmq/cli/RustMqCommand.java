package dev.rustmq.cli;

import dev.rustmq.client.ClientOptions;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.common.Futures;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.MetadataResponse;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code rustmq}: topics, console produce/consume and performance tests against a broker (the
 * binary protocol), and the operator's partition moves against a controller (the admin HTTP API).
 */
@Command(name = "rustmq", mixinStandardHelpOptions = true, version = "rustmq 0.1",
        description = {"RustMQ command-line tool.", "",
                "Over the binary protocol (--bootstrap): topics create/list/describe/delete, produce, consume, perf.",
                "Over the admin HTTP API (--admin): moving partitions between brokers with rebalance, brokers drain, "
                        + "partitions reassign, leaders elect-preferred and topics alter --replication-factor."},
        subcommands = {TopicsCommand.class, ProduceCommand.class, ConsumeCommand.class, PerfCommand.class,
                RebalanceCommand.class, BrokersCommand.class, PartitionsCommand.class, LeadersCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the operation failed (for --wait: a move failed)", "2:invalid arguments",
                "3:cannot reach the broker (--bootstrap) or the admin API (--admin)", "4:the topic does not exist",
                "5:TLS: the broker's certificate was not accepted"})
public final class RustMqCommand implements Runnable {
    @Option(names = "--bootstrap", paramLabel = "URL", defaultValue = "${env:RUSTMQ_BOOTSTRAP:-127.0.0.1:9092}",
            scope = CommandLine.ScopeType.INHERIT, description = "Broker address: host:port or tcp://host:port (TCP), "
            + "quic://host:port (QUIC, TLS). Default: $RUSTMQ_BOOTSTRAP, else 127.0.0.1:9092.")
    String bootstrap;

    @Option(names = "--admin", paramLabel = "URL", defaultValue = "${env:RUSTMQ_ADMIN_URL:-" + AdminApi.DEFAULT_URL + "}",
            scope = CommandLine.ScopeType.INHERIT, description = "Admin HTTP API of any node, for rebalance, brokers, "
            + "partitions, leaders and topics alter (a broker passes them to the active controller, a standby "
            + "controller redirects them there). Default: $RUSTMQ_ADMIN_URL, else " + AdminApi.DEFAULT_URL + ".")
    String adminUrl;

    @Option(names = "--tls-trust-cert", paramLabel = "PEM", scope = CommandLine.ScopeType.INHERIT,
            description = "quic:// only: trust the broker certificate(s) or CA in this PEM file instead of the JVM's.")
    Path tlsTrustCert;

    @Option(names = "--tls-insecure", scope = CommandLine.ScopeType.INHERIT,
            description = "quic:// only: accept any broker certificate, unverified (development only).")
    boolean tlsInsecure;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final InputStream stdin;

    public RustMqCommand() {
        this(System.in);
    }

    /** @param stdin what {@code produce} reads (tests pass their own). */
    public RustMqCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    InputStream stdin() {
        return stdin;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** A picocli command line with rustmq's error handling. */
    public static CommandLine commandLine(RustMqCommand command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            CliException failure = translate(e, command.bootstrapUrl());
            PrintWriter err = commandLine.getErr();
            err.println("rustmq: " + failure.getMessage());
            if (command.verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return failure.exitCode();
        });
        return cl;
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine(new RustMqCommand());
        // Values are printed as UTF-8 whatever the locale (Java 17 would use ASCII under LANG=C).
        cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        // The QUIC client logs its own warning for trust-all; the CLI prints a shorter one for --tls-insecure.
        QUIC_CLIENT_LOG.setLevel(Level.SEVERE);
        System.exit(cl.execute(args));
    }

    /** Held so its level sticks (java.util.logging keeps loggers weakly). */
    private static final Logger QUIC_CLIENT_LOG = Logger.getLogger("dev.rustmq.client.quic.QuicClientTransport");

    /** The broker's URL, {@code tcp://host:port} or {@code quic://host:port}; a bad --bootstrap is a usage error. */
    String bootstrapUrl() {
        return Bootstrap.url(bootstrap);
    }

    RustMqClient connect() {
        Bootstrap target = Bootstrap.of(bootstrap, tlsTrustCert, tlsInsecure);
        if (target.options().trustAll()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("rustmq: warning: --tls-insecure: the broker's certificate is not verified, so anyone could "
                    + "impersonate it; for development only");
            err.flush();
        }
        try {
            return RustMqClient.connect(target.url(), target.options());
        } catch (IllegalArgumentException e) {
            throw new CliException(CommandLine.ExitCode.USAGE, "--bootstrap " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    /** The admin HTTP API at {@code --admin}; a malformed URL is a usage error. */
    AdminApi admin() {
        return AdminApi.of(adminUrl);
    }

    /** The topic's metadata, or a {@link CliException} saying how to create it. */
    static MetadataResponse.Topic topic(RustMqClient client, String name) {
        MetadataResponse metadata = client.metadata(name);
        for (MetadataResponse.Topic t : metadata.topics()) {
            if (t.name().equals(name)) {
                if (t.errorCode() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                    throw CliException.unknownTopic(name);
                }
                if (t.errorCode() != ErrorCode.NONE) {
                    throw new RustMqClientException(t.errorCode(), t.errorMessage());
                }
                if (t.partitions().isEmpty()) {
                    throw CliException.unknownTopic(name);
                }
                return t;
            }
        }
        throw CliException.unknownTopic(name);
    }

    static CliException translate(Throwable e, String url) {
        Throwable t = Futures.unwrap(e);
        if (t instanceof CliException c) {
            return c;
        }
        String address = Bootstrap.display(url);
        CliException tls = TlsFailure.explain(t, address);
        if (tls != null) {
            return tls;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                String reason = c.getMessage() == null ? "connection refused" : c.getMessage().toLowerCase(Locale.ROOT);
                if (reason.startsWith("connection refused")) {
                    reason = "connection refused";
                }
                return new CliException(CliException.BROKER_UNREACHABLE, "cannot reach the broker at " + address + ": "
                        + reason + " — is it running? (--bootstrap)", e);
            }
            if (c instanceof UnknownHostException) {
                return new CliException(CliException.BROKER_UNREACHABLE, "cannot reach the broker at " + address
                        + ": unknown host — check --bootstrap", e);
            }
            if (c instanceof java.util.concurrent.TimeoutException && url.startsWith(Bootstrap.QUIC)) {
                // UDP has no "connection refused": a QUIC broker that is not there just never answers.
                return new CliException(CliException.BROKER_UNREACHABLE, "cannot reach the broker at " + address
                        + ": no QUIC handshake within " + ClientOptions.defaults().connectTimeout().toSeconds()
                        + " s — is it running, and is its UDP port reachable? "
                        + "(--bootstrap)", e);
            }
            if (c instanceof java.net.SocketTimeoutException) {
                return new CliException(CliException.BROKER_UNREACHABLE, "cannot reach the broker at " + address
                        + ": connection timed out — is the address right? (--bootstrap)", e);
            }
        }
        if (t instanceof RustMqClientException r) {
            return new CliException(CliException.FAILED, "the broker at " + address + " answered: " + r.getMessage(), e);
        }
        return new CliException(CliException.FAILED, t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage()), e);
    }
}
