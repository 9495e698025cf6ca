package dev.rustmq.cli;

/**
 * A command that never talks to a broker (the disk and object-store benchmarks): the global
 * {@code --bootstrap} and {@code --tls-*} options are taken off it, so its help lists only what
 * it uses and passing them is an error rather than silently ignored.
 */
interface NeedsNoBroker {
}
