package dev.rustmq.cli;

import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/** Turns a failed QUIC TLS handshake into a message naming the flag that fixes it. */
final class TlsFailure {
    static final int EXIT_CODE = 5;
    private static final String MARK = "TLS handshake failed (";
    private static final String END = "); is the broker's certificate trusted?";

    private TlsFailure() {
    }

    /** The CLI's message for {@code t} if it is a rejected handshake, else null. */
    static CliException explain(Throwable t, String address) {
        if (!isTls(t)) {
            return null;
        }
        String why = reason(t);
        String fix = why.contains(" is not for ")
                ? "connect with a host name the certificate names (the broker's generated certificate is for "
                        + "localhost: quic://localhost:PORT), or skip verification with --tls-insecure (development only)"
                : "trust the broker's certificate or its CA with --tls-trust-cert FILE.pem, or skip verification with "
                        + "--tls-insecure (development only; a broker's generated self-signed certificate cannot be "
                        + "exported, so it needs this or a configured [network] tls_cert_path)";
        return new CliException(EXIT_CODE, "TLS handshake with the broker at " + address + " failed: " + why + "; "
                + fix, t);
    }

    private static boolean isTls(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    /** Why the client refused: the reason inside its message (the certificate check's), else the innermost message. */
    private static String reason(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        int start = message.indexOf(MARK);
        int end = message.lastIndexOf(END);
        if (start >= 0 && end > start) {
            return message.substring(start + MARK.length(), end);
        }
        Throwable inner = t;
        while (inner.getCause() != null) {
            inner = inner.getCause();
        }
        return inner.getMessage() == null ? inner.getClass().getSimpleName() : inner.getMessage();
    }
}
