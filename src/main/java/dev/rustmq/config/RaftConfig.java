package dev.rustmq.config;

import java.util.List;

/** {@code [raft]}: the controller peers ({@code id@host:port}); the metadata cluster's members. */
public record RaftConfig(List<String> peers) {
}
