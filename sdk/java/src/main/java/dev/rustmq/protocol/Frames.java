package dev.rustmq.protocol;

import java.nio.charset.StandardCharsets;

/** Sizes and constants of the frame layer (docs/protocol.md, "Frames"). */
public final class Frames {
    private Frames() {
    }

    /** The int32 length that starts every frame and counts the bytes after it. */
    public static final int LENGTH_PREFIX_BYTES = 4;
    /** apiKey int16 + apiVersion int16 + correlationId int32. */
    public static final int REQUEST_HEADER_BYTES = 8;
    /** correlationId int32 + errorCode int16 + errorMessage (int16 length, at least). */
    public static final int MIN_RESPONSE_HEADER_BYTES = 8;
    /** The default cap on a frame's length field: 16 MiB, room for multi-megabyte batches. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** The largest cap that can be configured: what one Java array can hold. */
    public static final int ABSOLUTE_MAX_FRAME_BYTES = Integer.MAX_VALUE - 8;
    /**
     * The correlation id of an error response to bytes whose own correlation id could not be
     * read (a framing error); the connection or stream is closed after it.
     */
    public static final int UNKNOWN_CORRELATION_ID = -1;

    /** Checks a configured frame cap: at least a request header, at most {@link #ABSOLUTE_MAX_FRAME_BYTES}. */
    public static int checkMaxFrameBytes(int maxFrameBytes) {
        if (maxFrameBytes < REQUEST_HEADER_BYTES || maxFrameBytes > ABSOLUTE_MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes " + maxFrameBytes + " must be between "
                    + REQUEST_HEADER_BYTES + " and " + ABSOLUTE_MAX_FRAME_BYTES);
        }
        return maxFrameBytes;
    }

    /** The longest prefix of {@code text} that fits a protocol string, never splitting a surrogate pair. */
    static String fitString(String text) {
        if (text == null || WireWriter.utf8Length(text) <= WireWriter.MAX_STRING_BYTES) {
            return text;
        }
        String suffix = "...";
        int budget = WireWriter.MAX_STRING_BYTES - suffix.length();
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int chars = Character.charCount(cp);
            int cost = WireWriter.utf8Length(text.substring(end, end + chars));
            if (bytes + cost > budget) {
                break;
            }
            bytes += cost;
            end += chars;
        }
        String fitted = text.substring(0, end) + suffix;
        assert fitted.getBytes(StandardCharsets.UTF_8).length <= WireWriter.MAX_STRING_BYTES;
        return fitted;
    }
}
