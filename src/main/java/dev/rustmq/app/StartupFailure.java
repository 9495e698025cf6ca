package dev.rustmq.app;

import dev.rustmq.config.ConfigException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What happens when the node cannot start: the reason is logged where an operator looks (the
 * console and messages.log), and the server process exits with status 78 (EX_CONFIG) so
 * {@code mvn liberty:run}, the bin/ scripts and Kubernetes all see a failed start rather than a
 * Liberty that runs without RustMQ. {@code rustmq.exit_on_startup_failure=false} keeps the server
 * up instead (the application is then reported as failed by Liberty).
 */
@ApplicationScoped
public class StartupFailure {
    static final int EXIT_CONFIG = 78;
    private static final Logger LOG = Logger.getLogger(StartupFailure.class.getName());

    @Inject
    @ConfigProperty(name = "rustmq.exit_on_startup_failure", defaultValue = "true")
    boolean exitOnFailure;

    /** Logs the failure, schedules the exit, and returns the exception for the caller to throw. */
    public RuntimeException report(RuntimeException failure) {
        String message = failure instanceof ConfigException
                ? "RustMQ cannot start, configuration error: " + failure.getMessage()
                : "RustMQ cannot start: " + failure;
        LOG.log(Level.SEVERE, message, failure instanceof ConfigException ? null : failure);
        System.err.println(message);
        scheduleExit();
        return new IllegalStateException(message, failure);
    }

    /**
     * A failure found after start-up that leaves the server unusable (its admin endpoint is not its
     * own): logs {@code message}, which says it all, and exits as {@link #report} does.
     */
    public void stop(String message) {
        LOG.severe(message);
        System.err.println(message);
        scheduleExit();
    }

    private void scheduleExit() {
        if (exitOnFailure) {
            // Exit from another thread: Liberty's shutdown hook must not wait on the calling thread.
            Thread exit = new Thread(() -> System.exit(EXIT_CONFIG), "rustmq-startup-failure-exit");
            exit.setDaemon(true);
            exit.start();
        }
    }
}
