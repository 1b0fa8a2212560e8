package it.pis.gateway.inbound;

import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An HTTP request from a partner (FHIR, SOAP, JSON channels) as it came off the wire: enough to
 * journal it even when nothing else can be made of it, and to authenticate its sender.
 *
 * @param channel            the agreement channel name, e.g. {@code fhir-rest}
 * @param operation          what the request asks for, as the channel names it (e.g. {@code ServiceRequest}, {@code $process-message})
 * @param headers            request headers, names lower-cased (first value of each)
 * @param body               the body as received
 * @param clientCertificates the TLS client chain, leaf first; empty when none was presented
 */
public record PartnerRequest(String channel, String operation, Map<String, String> headers, byte[] body,
                             X509Certificate[] clientCertificates) implements RawInbound {

    public PartnerRequest {
        headers = headers.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
        body = body == null ? new byte[0] : body;
        clientCertificates = clientCertificates == null ? new X509Certificate[0] : clientCertificates;
    }

    /** A header's value, or null; the name is case-insensitive. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public byte[] bytes() {
        return body;
    }
}
