package dev.rustmq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmq.errors.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/protocol.md's tables are what the code does: every api and error code, with its id and advice. */
class ProtocolDocTest {
    private static final Pattern API_ROW =
            Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*`([A-Z_]+)`\\s*\\|\\s*(\\d+)\\s*\\|\\s*(\\d+)\\s*\\|\\s*$");
    private static final Pattern ERROR_ROW =
            Pattern.compile("^\\|\\s*(-?\\d+)\\s*\\|\\s*`([A-Z_]+)`\\s*\\|\\s*(yes|no)\\s*\\|\\s*(yes|no)\\s*\\|.+\\|\\s*$");

    private static List<String> lines;

    @BeforeAll
    static void read() throws IOException {
        // The server's build runs these tests at the top of the repository, the SDK's own in sdk/java.
        Path doc = Path.of("docs", "protocol.md");
        lines = Files.readAllLines(Files.exists(doc) ? doc : Path.of("..", "..", "docs", "protocol.md"));
    }

    @Test
    void theApiTableListsEveryApiWithItsIdAndVersions() {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = API_ROW.matcher(line);
            if (m.matches()) {
                documented.put(m.group(2), m.group(1) + " v" + m.group(3) + "-v" + m.group(4));
            }
        }
        Map<String, String> actual = new LinkedHashMap<>();
        for (ApiKey key : ApiKey.values()) {
            actual.put(key.name(), key.id() + " v" + key.minVersion() + "-v" + key.maxVersion());
        }
        assertThat(documented).containsExactlyEntriesOf(actual);
    }

    @Test
    void theErrorTableListsEveryCodeWithItsWireIdAndAdvice() {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = ERROR_ROW.matcher(line);
            if (m.matches()) {
                documented.put(m.group(2), m.group(1) + " retry=" + m.group(3) + " refresh=" + m.group(4));
            }
        }
        Map<String, String> actual = new LinkedHashMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            actual.put(code.name(), code.wireId() + " retry=" + (code.retriable() ? "yes" : "no")
                    + " refresh=" + (code.invalidatesMetadata() ? "yes" : "no"));
        }
        assertThat(documented).containsExactlyInAnyOrderEntriesOf(actual);
    }

    @Test
    void theErrorFrameExampleIsWhatTheEncoderWrites() {
        ByteBuffer frame = new FrameEncoder(Frames.DEFAULT_MAX_FRAME_BYTES)
                .encodeErrorResponse(7, ErrorCode.UNSUPPORTED_VERSION, "v9?");
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        assertThat(String.join("\n", lines)).contains(HexFormat.ofDelimiter(" ").formatHex(bytes));
    }
}
