package dev.rustmq.storage.tier;

import dev.rustmq.common.TopicPartition;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A segment's object key: {@code topics/{topic}/{partition}/{baseOffset}-{lastOffset}-{epoch}-{topicId}.seg}.
 * Offsets are zero-padded to 20 digits so a listing sorts by offset; the epoch of the leader that
 * wrote it tells two leaders' uploads of the same range apart (only the manifest's is the log).
 * The topic id (as in Kafka's tiered storage) keeps a deleted topic's late upload from replacing
 * an object of a new topic of the same name; it is left out when unknown ({@code ""}).
 */
public record SegmentKey(TopicPartition partition, long baseOffset, long lastOffset, int leaderEpoch, String topicId) {
    private static final Pattern NAME = Pattern.compile("(\\d{20})-(\\d{20})-(\\d+)(?:-([A-Za-z0-9-]+))?\\.seg");

    public SegmentKey(TopicPartition partition, long baseOffset, long lastOffset, int leaderEpoch) {
        this(partition, baseOffset, lastOffset, leaderEpoch, "");
    }

    public String key() {
        return prefix(partition) + String.format("%020d-%020d-%d", baseOffset, lastOffset, leaderEpoch)
                + (topicId.isEmpty() ? "" : "-" + topicId) + ".seg";
    }

    /** Where a partition's segments live: {@code topics/{topic}/{partition}/}. */
    public static String prefix(TopicPartition partition) {
        return "topics/" + partition.topic() + "/" + partition.partition() + "/";
    }

    /** The segment a key names, if it is one of {@code partition}'s segment keys. */
    public static Optional<SegmentKey> parse(TopicPartition partition, String key) {
        String prefix = prefix(partition);
        if (!key.startsWith(prefix)) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(key.substring(prefix.length()));
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SegmentKey(partition, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Integer.parseInt(m.group(3)), m.group(4) == null ? "" : m.group(4)));
    }

    /** The segment any key under {@code topics/} names, with its topic and partition; empty for other keys. */
    public static Optional<SegmentKey> parse(String key) {
        if (!key.startsWith("topics/")) {
            return Optional.empty();
        }
        int nameStart = key.lastIndexOf('/');
        int partitionStart = key.lastIndexOf('/', nameStart - 1);
        if (partitionStart <= "topics/".length() - 1) {
            return Optional.empty();
        }
        String topic = key.substring("topics/".length(), partitionStart);
        String partition = key.substring(partitionStart + 1, nameStart);
        if (topic.isEmpty() || !partition.matches("\\d{1,9}")) {
            return Optional.empty();
        }
        return parse(new TopicPartition(topic, Integer.parseInt(partition)), key);
    }

    @Override
    public String toString() {
        return key();
    }
}
