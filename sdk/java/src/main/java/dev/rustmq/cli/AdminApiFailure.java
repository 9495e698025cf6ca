package dev.rustmq.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what went wrong with an admin API request into one line the user can act on: the server's
 * own message for a refused request (its JSON {@code {"error": CODE, "message": TEXT}}), or which
 * URL could not be reached and the flag that changes it.
 */
final class AdminApiFailure {
    private static final String WHERE = "(--admin or RUSTMQ_ADMIN_URL)";
    /** How much of a body that is not the API's to quote. */
    private static final int QUOTE = 120;
    /** The running plan's id in a REBALANCE_IN_PROGRESS message ("rebalance ID (STRATEGY) is running: ..."). */
    private static final Pattern RUNNING_PLAN = Pattern.compile("^rebalance (\\S+) \\(");

    private AdminApiFailure() {
    }

    /** The server answered {@code status} (not 2xx) with {@code body}. */
    static CliException refused(int status, String body, String url) {
        JsonNode json;
        try {
            json = AdminApi.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return notTheAdminApi(status, body, url);
        }
        if (json == null || !json.hasNonNull("error") || !json.hasNonNull("message")) {
            return notTheAdminApi(status, body, url);
        }
        String code = json.get("error").asText();
        String message = json.get("message").asText();
        return new CliException(exitCode(code), message + hint(code, message));
    }

    /** An answer that is not the admin API's JSON: probably --admin names another service's port. */
    static CliException notTheAdminApi(int status, String body, String url) {
        String quoted = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (quoted.length() > QUOTE) {
            quoted = quoted.substring(0, QUOTE) + "...";
        }
        return new CliException(CliException.FAILED, url + " answered HTTP " + status
                + (quoted.isEmpty() ? "" : " (" + quoted + ")") + ", not as RustMQ's admin API; is that the admin "
                + "port, 9642 by default? " + WHERE);
    }

    /** No HTTP answer at all. */
    static CliException unreachable(IOException e, String url) {
        String prefix = "cannot reach the admin API at " + url + ": ";
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return new CliException(CliException.BROKER_UNREACHABLE, prefix + "unknown host — check --admin or "
                        + "RUSTMQ_ADMIN_URL", e);
            }
        }
        if (e instanceof HttpConnectTimeoutException) {
            return new CliException(CliException.BROKER_UNREACHABLE, prefix + "connection timed out — is the "
                    + "address right? " + WHERE, e);
        }
        if (e instanceof HttpTimeoutException) {
            return new CliException(CliException.FAILED, "the admin API at " + url + " did not answer in time: "
                    + e.getMessage(), e);
        }
        if (e instanceof ConnectException) {
            return new CliException(CliException.BROKER_UNREACHABLE, prefix + "connection refused — is the server "
                    + "running, and is that its admin port? " + WHERE, e);
        }
        // Something answered, but not in HTTP: a data port (9092) given as --admin, for one.
        return new CliException(CliException.BROKER_UNREACHABLE, prefix + (e.getMessage() == null
                ? e.getClass().getSimpleName() : e.getMessage()) + " — is that the admin port, 9642 by default? "
                + WHERE, e);
    }

    private static int exitCode(String code) {
        return "UNKNOWN_TOPIC_OR_PARTITION".equals(code) ? CliException.UNKNOWN_TOPIC : CliException.FAILED;
    }

    /** What to do next in this tool's terms, where the server's message speaks of its HTTP API. */
    private static String hint(String code, String message) {
        if (!"REBALANCE_IN_PROGRESS".equals(code)) {
            return "";
        }
        Matcher running = RUNNING_PLAN.matcher(message);
        String id = running.find() ? running.group(1) : "ID";
        return "; here: rustmq rebalance status " + id + " --wait, or rustmq rebalance cancel " + id;
    }
}
