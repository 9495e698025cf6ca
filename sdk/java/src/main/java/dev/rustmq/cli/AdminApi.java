package dev.rustmq.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The admin HTTP API (docs/admin-api.md) as the CLI's operator commands use it: JSON bodies in and
 * out, every failure a {@link CliException} (see {@link AdminApiFailure}). A standby controller
 * answers a change with 307 to the active one; the client follows it with the same method and body.
 */
final class AdminApi {
    static final String DEFAULT_URL = "http://127.0.0.1:9642";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Reads the API's snake_case fields into the CLI's records; fields a newer server adds are
     * ignored rather than failing an older CLI.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final String url;
    private final HttpClient http;

    private AdminApi(String url) {
        this.url = url;
        // NORMAL follows 307 to the active controller but never from https down to http.
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * @param adminUrl {@code --admin}: {@code http(s)://host:port}, or a bare {@code host:port} (http)
     * @throws CliException (usage) for another scheme or an address that is not a URL
     */
    static AdminApi of(String adminUrl) {
        return new AdminApi(url(adminUrl));
    }

    /** The base URL the requests go to, without a trailing slash. */
    static String url(String adminUrl) {
        String u = adminUrl == null || adminUrl.isBlank() ? DEFAULT_URL : adminUrl.trim();
        if (!u.contains("://")) {
            u = "http://" + u;
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        String scheme = u.substring(0, u.indexOf("://")).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw usage(adminUrl, "use http://host:port (the admin port, 9642 by default)");
        }
        URI parsed;
        try {
            parsed = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw usage(adminUrl, "not a URL (" + e.getMessage() + ")");
        }
        if (parsed.getHost() == null) {
            throw usage(adminUrl, "no host; use http://host:port");
        }
        return u;
    }

    /** A JSON object to fill in as a request body. */
    static ObjectNode body() {
        return JSON.createObjectNode();
    }

    JsonNode get(String path) {
        return send(request(path).GET());
    }

    JsonNode post(String path, ObjectNode body) {
        return send(request(path).header("Content-Type", "application/json").POST(json(body)));
    }

    JsonNode put(String path, ObjectNode body) {
        return send(request(path).header("Content-Type", "application/json").PUT(json(body)));
    }

    JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    /** A JSON answer as one of the CLI's records. */
    static <T> T read(JsonNode json, Class<T> type) {
        try {
            return JSON.treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw new CliException(CliException.FAILED, "unexpected answer from the admin API (a server of "
                    + "another version?): " + e.getOriginalMessage(), e);
        }
    }

    /** A path segment (a topic name, an id), percent-encoded. */
    static String segment(String value) {
        // URLEncoder encodes for forms: a space becomes '+', which in a path is a plus sign.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
    }

    private static HttpRequest.BodyPublisher json(ObjectNode body) {
        return HttpRequest.BodyPublishers.ofString(body.toString());
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw AdminApiFailure.unreachable(e, url);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.FAILED, "interrupted while waiting for the admin API at " + url, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw AdminApiFailure.refused(response.statusCode(), response.body(), url);
        }
        if (response.body().isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw AdminApiFailure.notTheAdminApi(response.statusCode(), response.body(), url);
        }
    }

    private static CliException usage(String given, String why) {
        return new CliException(CommandLine.ExitCode.USAGE, "--admin " + given + ": " + why);
    }
}
