package it.pis.gateway.outbound.pec;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Certified mail (PEC) addresses as agreements name them ({@code mailto:} endpoints) and as the centre is configured. */
public final class PecAddress {

    private PecAddress() {
    }

    /**
     * The address of a {@code mailto:} endpoint (RFC 6068; a {@code ?subject=...} part is ignored).
     *
     * @throws IllegalArgumentException naming the endpoint, when it is not a {@code mailto:} with one valid address
     */
    public static InternetAddress fromEndpoint(String endpoint) {
        if (endpoint == null || !endpoint.regionMatches(true, 0, "mailto:", 0, 7)) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' is not a mailto: address");
        }
        String address = endpoint.substring(7);
        int query = address.indexOf('?');
        if (query >= 0) {
            address = address.substring(0, query);
        }
        address = URLDecoder.decode(address.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (address.contains(",")) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' names more than one address; a delivery"
                    + " goes to one recipient");
        }
        return parse(address, "endpoint '" + endpoint + "'");
    }

    /** One strictly valid address ({@code local@domain}, no display name). */
    public static InternetAddress parse(String address, String what) {
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            if (parsed.isGroup() || parsed.getPersonal() != null || !parsed.getAddress().contains("@")) {
                throw new AddressException("not a single local@domain address");
            }
            parsed.validate();
            return parsed;
        } catch (AddressException e) {
            throw new IllegalArgumentException(what + " is not a valid e-mail address: " + e.getMessage(), e);
        }
    }

    /** The domain part, for Message-IDs. */
    public static String domain(InternetAddress address) {
        String a = address.getAddress();
        return a.substring(a.lastIndexOf('@') + 1);
    }
}
