package dev.rustmq.protocol;

/** The body of a request frame. */
public interface RequestMessage extends Message {
}
