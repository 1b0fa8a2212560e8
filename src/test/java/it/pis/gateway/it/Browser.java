package it.pis.gateway.it;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a browser for login flows: follows redirects one by one (so that a test can see
 * each), keeps cookies per host and port, and fills in login forms with their CSRF token.
 */
final class Browser {

    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Map<String, String>> cookies = new LinkedHashMap<>();
    /** Every URL visited, in order. */
    final List<String> visited = new ArrayList<>();

    /** GET, then every redirect, until a page that is not a redirect or {@code stopAt} is reached. */
    HttpResponse<String> open(String url, String stopAt) throws Exception {
        URI uri = URI.create(url);
        for (int hops = 0; hops < 15; hops++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri).GET());
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() / 100 != 3 || location == null || (stopAt != null && location.contains(stopAt))) {
                return response;
            }
            uri = uri.resolve(location);
        }
        throw new IllegalStateException("too many redirects from " + url + ": " + visited);
    }

    /** Submits a Spring Security login form at {@code loginUrl}, then follows where it leads. */
    HttpResponse<String> logIn(String loginUrl, String username, String password, String stopAt) throws Exception {
        HttpResponse<String> page = open(loginUrl, null);
        Matcher token = HIDDEN_CSRF.matcher(page.body());
        if (!token.find()) {
            throw new IllegalStateException("no login form at " + loginUrl + ": " + page.body());
        }
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf="
                + enc(token.group(1) != null ? token.group(1) : token.group(2));
        URI uri = URI.create(loginUrl);
        HttpResponse<String> posted = send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        String location = posted.headers().firstValue("Location").orElse(null);
        return location == null || location.contains(stopAt) ? posted : open(uri.resolve(location).toString(), stopAt);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.build();
        URI uri = built.uri();
        visited.add(built.method() + " " + uri);
        String jar = jar(uri);
        HttpRequest.Builder withCookies = HttpRequest.newBuilder(uri).header("Accept", "text/html,*/*;q=0.8").method(built.method(),
                built.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
        built.headers().map().forEach((name, values) -> values.forEach(v -> withCookies.header(name, v)));
        Map<String, String> mine = cookies.getOrDefault(jar, Map.of());
        if (!mine.isEmpty()) {
            withCookies.header("Cookie", String.join("; ", mine.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        HttpResponse<String> response = http.send(withCookies.build(), HttpResponse.BodyHandlers.ofString());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            cookies.computeIfAbsent(jar, k -> new LinkedHashMap<>()).put(pair.substring(0, pair.indexOf('=')),
                    pair.substring(pair.indexOf('=') + 1));
        }
        return response;
    }

    String cookie(String hostAndPort, String name) {
        return cookies.getOrDefault(hostAndPort, Map.of()).get(name);
    }

    private static String jar(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
