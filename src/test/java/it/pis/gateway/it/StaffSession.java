package it.pis.gateway.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A staff user logged in to the gateway as the console does: the login form (with its CSRF token),
 * then the session cookie on every request and the session's CSRF token on every change.
 */
public final class StaffSession {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");
    private static final Pattern JSON_TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    private final String base;
    private final String username;
    private final String cookie;
    private final String csrf;

    private StaffSession(String base, String username, String cookie, String csrf) {
        this.base = base;
        this.username = username;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    public String username() {
        return username;
    }

    public String cookie() {
        return cookie;
    }

    public String csrf() {
        return csrf;
    }

    /** Logs in through the login form; fails with the gateway's answer when the login is refused. */
    public static StaffSession login(int port, String username, String password) throws IOException, InterruptedException {
        String base = "http://127.0.0.1:" + port;
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String anonymous = sessionCookie(page);
        Matcher token = HIDDEN_CSRF.matcher(page.body());
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token on the login page: " + page.body());
        }
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf="
                + enc(token.group(1) != null ? token.group(1) : token.group(2));
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", anonymous)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String location = login.headers().firstValue("Location").orElse("");
        if (login.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("login of " + username + " refused: " + login.statusCode() + " " + location);
        }
        String cookie = sessionCookie(login);
        HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/me")).header("Cookie", cookie)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = JSON_TOKEN.matcher(me.body());
        if (me.statusCode() != 200 || !csrf.find()) {
            throw new IllegalStateException("after login, /api/me answered " + me.statusCode() + " " + me.body());
        }
        return new StaffSession(base, username, cookie, csrf.group(1));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    public HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A request with this session's cookie and CSRF token, to finish and send. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).header("X-CSRF-TOKEN", csrf);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(HttpResponse<?> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        return cookies.stream().filter(c -> c.startsWith("PIS_SESSION=")).map(c -> c.substring(0, c.indexOf(';')))
                .findFirst().orElseThrow(() -> new IllegalStateException("no session cookie in " + cookies));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
