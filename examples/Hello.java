import dev.rustmq.client.producer.Producer;
import dev.rustmq.client.producer.ProducerConfig;
import dev.rustmq.client.producer.ProducerRecord;
import dev.rustmq.client.producer.RecordMetadata;
import java.nio.charset.StandardCharsets;

public class Hello {
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "tcp://127.0.0.1:9092";
        try (Producer producer = Producer.connect(url, ProducerConfig.defaults())) {
            byte[] value = "hello".getBytes(StandardCharsets.UTF_8);
            RecordMetadata sent = producer.send(new ProducerRecord("orders", value)).get();
            System.out.println("orders-" + sent.partition() + " offset " + sent.offset());
        }
    }
}
