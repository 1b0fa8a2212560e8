package it.pis.gateway.outbound.fhir;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What a partner's server answered to one POST: status, headers and body as received.
 *
 * @param truncated the body was longer than {@code pis.outbound.fhir.max-receipt-bytes} and was cut there
 * @param jti       the id of the ModI signature the request carried, or null when unsigned
 */
public record HttpAnswer(URI url, String version, int status, Map<String, List<String>> headers, byte[] body,
                         boolean truncated, String jti) {

    public HttpAnswer {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }
}
