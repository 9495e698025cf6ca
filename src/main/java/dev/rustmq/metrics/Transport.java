package dev.rustmq.metrics;

import java.util.Locale;

/** The broker's client listeners, as the {@code transport} label of the connection metrics. */
public enum Transport {
    TCP,
    QUIC;

    /** The label value, lower case as operators write it in PromQL: {@code tcp}, {@code quic}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
