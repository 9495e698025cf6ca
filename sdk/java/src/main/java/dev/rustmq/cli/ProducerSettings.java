package dev.rustmq.cli;

import dev.rustmq.client.producer.ProducerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The producer settings of {@code produce} and {@code perf produce}, from lowest to highest
 * precedence: the producer's defaults (Kafka's), a Kafka-style properties file, {@code KEY=VALUE}
 * arguments, then the command's own options ({@code --acks}, ...). A bad key or value is a usage
 * error naming where it came from.
 */
final class ProducerSettings {
    private ProducerSettings() {
    }

    /**
     * @param file a properties file, or null
     * @param arguments KEY=VALUE pairs given with {@code argumentsOption}, or null
     * @param options the command's own options by Kafka key; null values are left out
     */
    static ProducerConfig resolve(Path file, String fileOption, Map<String, String> arguments, String argumentsOption,
            Map<String, String> options) {
        Map<String, String> merged = new LinkedHashMap<>();
        List<String> sources = new ArrayList<>();
        if (file != null) {
            merged.putAll(load(file, fileOption));
            sources.add(fileOption + " " + file);
        }
        if (arguments != null) {
            merged.putAll(arguments);
            sources.add(argumentsOption);
        }
        if (merged.containsKey("bootstrap.servers")) {
            throw usage(String.join(", ", sources) + ": give the broker with --bootstrap host:port, not "
                    + "bootstrap.servers");
        }
        options.forEach((key, value) -> {
            if (value != null) {
                merged.put(key, value);
            }
        });
        try {
            return ProducerConfig.fromProperties(merged);
        } catch (IllegalArgumentException e) {
            throw usage("producer settings" + (sources.isEmpty() ? "" : " (" + String.join(", ", sources) + ")")
                    + ": " + e.getMessage());
        }
    }

    private static Map<String, String> load(Path file, String option) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw usage(option + " " + file + ": cannot read it: " + e.getMessage());
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    private static CliException usage(String message) {
        return new CliException(CommandLine.ExitCode.USAGE, message);
    }
}
