package it.pis.gateway.outbound.pec;

import java.net.InetAddress;
import java.util.Properties;

/**
 * One side of the centre's PEC account ({@code pis.pec.smtp.*} or {@code pis.pec.imap.*}): the
 * server, the login, and TLS. Plain text is allowed only to a loopback address (tests, a local
 * relay): a real provider is always reached over TLS, with its certificate and name checked.
 */
public record PecSettings(String key, String protocol, String host, int port, boolean starttls, String username,
                          String password, long timeoutMillis) {

    public PecSettings {
        boolean secure = protocol.equals(key + "s");
        if (!protocol.equals(key) && !secure) {
            throw new IllegalArgumentException("pis.pec." + key + ".protocol must be " + key + " or " + key + "s, not "
                    + protocol);
        }
        if (!secure && !starttls && !loopback(host)) {
            throw new IllegalArgumentException("pis.pec." + key + " would send the centre's PEC login and documents"
                    + " to " + host + " in clear text: use protocol " + key + "s or starttls: true (plain " + key
                    + " only to a loopback address)");
        }
    }

    /** The server as logs and receipts name it, e.g. {@code smtps://smtps.pec.example:465}. */
    public String server() {
        return protocol + "://" + host + ":" + port;
    }

    /** JavaMail properties added to camel-mail's: TLS required and the server's name checked, timeouts. */
    public Properties javaMailProperties() {
        Properties properties = new Properties();
        String p = "mail." + protocol + ".";
        if (protocol.endsWith("s")) {
            properties.put(p + "ssl.enable", "true");
        }
        if (starttls) {
            properties.put(p + "starttls.enable", "true");
            properties.put(p + "starttls.required", "true");
        }
        properties.put(p + "ssl.checkserveridentity", "true");
        properties.put(p + "writetimeout", Long.toString(timeoutMillis));
        if (username == null || username.isBlank()) {
            properties.put(p + "auth", "false");
        }
        return properties;
    }

    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
