package dev.rustmq.protocol;

import java.nio.ByteBuffer;

/**
 * The body of a request or response frame. An implementation describes its layout once, in
 * {@link #writeTo}; the same method sizes it ({@link #sizeInBytes}) and writes it.
 */
public interface Message {
    ApiKey apiKey();

    /** Writes the body's fields in order. */
    void writeTo(WireWriter out);

    /** The encoded size of the body in bytes (a long: a message may not fit in a frame at all). */
    default long sizeInBytes() {
        WireWriter.SizeCounter counter = WireWriter.counting();
        writeTo(counter);
        return counter.size();
    }

    /** Writes the body at the buffer's position, advancing it. */
    default void write(ByteBuffer buffer) {
        writeTo(WireWriter.into(buffer));
    }
}
