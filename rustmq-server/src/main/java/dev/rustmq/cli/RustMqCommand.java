package dev.rustmq.cli;

import dev.rustmq.client.RustMqClient;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.MetadataResponse;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rustmq}: topics, console produce/consume and performance tests against a broker. */
@Command(name = "rustmq", mixinStandardHelpOptions = true, version = "rustmq 0.1",
        description = "RustMQ command-line tool.",
        subcommands = {TopicsCommand.class, ProduceCommand.class, ConsumeCommand.class, PerfCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the operation failed", "2:invalid arguments",
                "3:cannot reach the broker", "4:the topic does not exist"})
public final class RustMqCommand implements Runnable {
    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", scope = CommandLine.ScopeType.INHERIT,
            description = "Broker address: host:port or tcp://host:port (default: ${DEFAULT-VALUE}).")
    String bootstrap;

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
        System.exit(commandLine(new RustMqCommand()).execute(args));
    }

    String bootstrapUrl() {
        String b = bootstrap == null ? "127.0.0.1:9092" : bootstrap.trim();
        return b.toLowerCase(Locale.ROOT).startsWith("tcp://") ? b : "tcp://" + b;
    }

    String bootstrapAddress() {
        return bootstrapUrl().substring("tcp://".length());
    }

    RustMqClient connect() {
        if (bootstrap != null && bootstrap.contains("://") && !bootstrap.toLowerCase(Locale.ROOT).startsWith("tcp://")) {
            throw new CliException(CommandLine.ExitCode.USAGE, "--bootstrap " + bootstrap
                    + ": only tcp://host:port (or host:port) is supported for now");
        }
        try {
            return RustMqClient.connect(bootstrapUrl());
        } catch (IllegalArgumentException e) {
            throw new CliException(CommandLine.ExitCode.USAGE, "--bootstrap " + bootstrap + ": " + e.getMessage(), e);
        }
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
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CliException c) {
            return c;
        }
        String address = url.substring("tcp://".length());
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
