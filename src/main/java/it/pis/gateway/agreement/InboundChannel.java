package it.pis.gateway.agreement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One channel on which a partner may send: how it is recognised, what it may send and how its
 * fields become a Report.
 *
 * @param identity what identifies the partner on this channel (e.g. {@code sendingFacility} = MSH-4)
 * @param accept   accepted message types, e.g. {@code ADT^A01}
 * @param charset  charset when the message does not name one (HL7 MSH-18); null: the channel default
 * @param mapping  Report field -> rule that reads it from the message
 * @param defaults Report field -> value when the mapping gives none (string or list of strings)
 * @param modi     AgID ModI security pattern the partner's messages must satisfy ({@code INTEGRITY_REST_01}
 *                 on fhir-rest/json-rest, {@code ID_AUTH_SOAP_01} on soap); null: none beyond mutual TLS
 * @param bodyEncryption {@code cms}: the body is CMS EnvelopedData encrypted to the gateway certificate
 * @param requireConsent a report without the person's recorded consent is refused
 */
public record InboundChannel(String channel, Map<String, String> identity, Boolean requireTls, List<String> accept,
                             String charset, Map<String, FieldRule> mapping, Map<String, Object> defaults,
                             String modi, String bodyEncryption, Boolean requireConsent) {

    public InboundChannel {
        identity = identity == null ? Map.of() : Map.copyOf(identity);
        accept = accept == null ? List.of() : List.copyOf(accept);
        mapping = mapping == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mapping));
        defaults = defaults == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    }

    public boolean accepts(String messageType) {
        return accept.contains(messageType);
    }

    public boolean tlsRequired() {
        return Boolean.TRUE.equals(requireTls);
    }

    public boolean consentRequired() {
        return Boolean.TRUE.equals(requireConsent);
    }
}
