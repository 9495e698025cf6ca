package dev.rustmq.rpc;

import dev.rustmq.protocol.FrameDecoder;
import dev.rustmq.protocol.FrameEncoder;
import dev.rustmq.protocol.Frames;
import dev.rustmq.protocol.RequestMessage;
import dev.rustmq.protocol.ResponseFrame;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * One blocking, framed connection between nodes: a request out, its response back, one at a
 * time, over a plain socket opened on first use and reopened after a failure. Inter-node calls
 * (a broker to the controller, a follower to its leader) each run on a thread of their own, so a
 * blocking socket is the simplest correct client.
 */
final class FrameSocket implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 3_000;

    private final String peer;
    private final FrameEncoder encoder = new FrameEncoder(Frames.DEFAULT_MAX_FRAME_BYTES);
    /** Volatile: {@link #close} may run on another thread while an exchange blocks on it. */
    private volatile Socket socket;
    private String connectedTo;
    private int correlationId;

    /** @param peer what the peer is, for messages ("controller", "leader broker b1") */
    FrameSocket(String peer) {
        this.peer = peer;
    }

    /** Sends {@code request} to {@code endpoint} ({@code host:port}) and waits up to {@code timeoutMs} for its answer. */
    synchronized ResponseFrame exchange(String endpoint, RequestMessage request, long timeoutMs) throws IOException {
        try {
            Socket s = connect(endpoint, timeoutMs);
            s.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMs)));
            int id = ++correlationId;
            ByteBuffer frame = encoder.encodeRequest(id, request);
            OutputStream out = s.getOutputStream();
            out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int length = in.readInt();
            if (length < Frames.MIN_RESPONSE_HEADER_BYTES || length > Frames.DEFAULT_MAX_FRAME_BYTES) {
                throw new IOException(peer + " at " + endpoint + " sent a frame of " + length + " bytes");
            }
            ByteBuffer whole = ByteBuffer.allocate(Frames.LENGTH_PREFIX_BYTES + length);
            whole.putInt(length);
            in.readFully(whole.array(), Frames.LENGTH_PREFIX_BYTES, length);
            whole.position(0);
            ResponseFrame response = FrameDecoder.forResponses(Frames.DEFAULT_MAX_FRAME_BYTES).decode(whole);
            if (response == null || response.correlationId() != id) {
                throw new IOException(peer + " at " + endpoint + " answered out of turn");
            }
            return response;
        } catch (IOException e) {
            disconnect();
            throw e;
        }
    }

    private Socket connect(String endpoint, long timeoutMs) throws IOException {
        if (socket != null && endpoint.equals(connectedTo) && !socket.isClosed()) {
            return socket;
        }
        disconnect();
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0) {
            throw new IOException("\"" + endpoint + "\" is not host:port");
        }
        String host = endpoint.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IOException("\"" + endpoint + "\" has no port number");
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, Math.min(CONNECT_TIMEOUT_MS, timeoutMs)));
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        connectedTo = endpoint;
        return s;
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection we give up on
            }
            socket = null;
            connectedTo = null;
        }
    }

    /** Closes the connection, also under an exchange blocked on it (which then fails); not synchronized for that. */
    @Override
    public void close() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
