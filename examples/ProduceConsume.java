// A RustMQ client program that needs nothing but the SDK's jar (dev.rustmq:rustmq-client) and its
// libraries. Run it as a single-file source program (Java 17+), e.g. from the repository root:
//
//   mvn -f sdk/java package -DskipTests
//   java -cp "sdk/java/target/rustmq-client-0.1.0-SNAPSHOT.jar:$(cat sdk/java/target/client-classpath.txt)" \
//       examples/ProduceConsume.java tcp://127.0.0.1:9092
//
// Arguments: URL [--tls-insecure | --tls-trust-cert PEM] [--topic NAME] [--count N]
// URL is tcp://host:port or quic://host:port; the --tls-* options are for quic:// (docs/client.md).

import dev.rustmq.client.ClientOptions;
import dev.rustmq.client.ConsumedRecord;
import dev.rustmq.client.FetchRequest;
import dev.rustmq.client.FetchResponse;
import dev.rustmq.client.ProduceRequest;
import dev.rustmq.client.RustMqClient;
import dev.rustmq.client.RustMqClientException;
import dev.rustmq.errors.ErrorCode;
import dev.rustmq.protocol.message.Acks;
import dev.rustmq.protocol.record.Record;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class ProduceConsume {
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: ProduceConsume URL [--tls-insecure | --tls-trust-cert PEM] [--topic NAME] [--count N]");
            System.exit(2);
        }
        String url = args[0];
        ClientOptions options = ClientOptions.defaults();
        String topic = "example";
        int count = 5;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--tls-insecure" -> options = options.insecureTrustAll();
                case "--tls-trust-cert" -> options = options.trustCertificatePem(Path.of(args[++i]));
                case "--topic" -> topic = args[++i];
                case "--count" -> count = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }

        try (RustMqClient client = RustMqClient.connect(url, options)) {
            System.out.println("connected to " + url);
            try {
                client.createTopic(topic, 1, -1);   // -1: the cluster's default replication factor
                System.out.println("created topic " + topic);
            } catch (RustMqClientException e) {
                if (e.errorCode() != ErrorCode.TOPIC_ALREADY_EXISTS) {
                    throw e;
                }
                System.out.println("topic " + topic + " exists");
            }

            // One batch of lines to partition 0, acknowledged once it is durable (acks=all).
            List<Record> records = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                byte[] value = ("line " + i + " of " + count).getBytes(StandardCharsets.UTF_8);
                records.add(new Record(System.currentTimeMillis(), null, value, List.of()));
            }
            long first = client.produce(new ProduceRequest(topic, 0, records, Acks.ALL, 10_000)).baseOffset();
            System.out.println("produced " + count + " records at offsets " + first + ".." + (first + count - 1));

            // Read them back from the first offset; a fetch may return fewer records than asked for.
            long offset = first;
            while (offset < first + count) {
                FetchResponse fetched = client.fetch(new FetchRequest(topic, 0, offset, 1 << 20, 5_000));
                for (ConsumedRecord r : fetched.records()) {
                    if (r.offset() < first + count) {
                        System.out.println("offset " + r.offset() + ": " + new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
                offset = fetched.nextOffset();
            }
        }
    }
}
