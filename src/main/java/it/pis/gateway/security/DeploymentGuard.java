package it.pis.gateway.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up refuses a staff port that would expose logins or personal data carelessly:
 * <ul>
 * <li>demo users (documented passwords) in the production profile, or reachable beyond this machine;</li>
 * <li>the staff port beyond 127.0.0.1 without TLS ({@code server.ssl.*}), unless
 *     {@code pis.security.allow-plain-http} says a TLS proxy is in front of it;</li>
 * <li>enabled demo users left in a production database.</li>
 * </ul>
 */
public final class DeploymentGuard {

    private DeploymentGuard() {
    }

    /** The problems with this set-up, each naming the setting to change; empty when none. */
    public static List<String> problems(boolean production, String serverAddress, boolean tls, SecuritySettings settings,
                                        List<String> enabledDemoUsers) {
        List<String> problems = new ArrayList<>();
        boolean loopback = isLoopback(serverAddress);
        if (production && settings.demoUsers()) {
            problems.add("pis.security.demo-users is true in the production profile: demo users have documented"
                    + " passwords; create real users with 'java -jar pis-gateway.jar users add'");
        }
        if (settings.demoUsers() && !loopback) {
            problems.add("pis.security.demo-users is true while the staff port listens on " + describe(serverAddress)
                    + ": demo users (documented passwords) are for 127.0.0.1 only");
        }
        if (!loopback && !tls && !settings.allowPlainHttp()) {
            problems.add("the staff port listens on " + describe(serverAddress) + " without TLS: passwords and session"
                    + " cookies would cross the network in clear. Configure server.ssl.* (e.g. server.ssl.certificate"
                    + " and server.ssl.certificate-private-key with the gateway's PEM files), or set"
                    + " pis.security.allow-plain-http=true when a TLS proxy on this machine fronts it");
        }
        if (production && !enabledDemoUsers.isEmpty()) {
            problems.add("demo users " + enabledDemoUsers + " are enabled in this database: disable them with"
                    + " 'java -jar pis-gateway.jar users disable <name>' before running in production");
        }
        return problems;
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String describe(String address) {
        return address == null || address.isBlank() ? "every interface (server.address unset)" : address + " (server.address)";
    }
}
