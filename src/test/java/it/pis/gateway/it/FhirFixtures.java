package it.pis.gateway.it;

import java.util.UUID;

/** FHIR R4 requests as CSM and SerD send them (JSON text, so that tests control every byte). */
final class FhirFixtures {

    static final String CSM = "csm-milano-nord";
    static final String CSM_SOURCE = "https://fhir.csm-nord.example";
    static final String SERD = "serd-milano-centro";
    static final String SERD_SOURCE = "https://fhir.serd-centro.example";

    private FhirFixtures() {
    }

    /** A ServiceRequest with its Patient contained, priority stat, a note. */
    static String serviceRequest(String id, String familyName, String note) {
        return """
                {"resourceType":"ServiceRequest","id":"%s",
                 "contained":[{"resourceType":"Patient","id":"p","name":[{"family":"%s","given":["Giulia"]}],"birthDate":"1984-03-02"}],
                 "status":"active","intent":"order","priority":"stat",
                 "subject":{"reference":"#p"},
                 "note":[{"text":"%s"}]}
                """.formatted(id, familyName, note);
    }

    /** A message Bundle whose MessageHeader names {@code source} as its sender. */
    static String message(String headerId, String source, String familyName) {
        return """
                {"resourceType":"Bundle","id":"%s","type":"message","timestamp":"2026-05-01T10:00:00+02:00",
                 "entry":[
                  {"fullUrl":"urn:uuid:%s","resource":{"resourceType":"MessageHeader","id":"%s",
                    "eventCoding":{"system":"urn:pis:events","code":"segnalazione"},
                    "source":{"endpoint":"%s"},"focus":[{"reference":"urn:uuid:sr1"}]}},
                  {"fullUrl":"urn:uuid:pt1","resource":{"resourceType":"Patient","name":[{"family":"%s","given":["Marco"]}]}},
                  {"fullUrl":"urn:uuid:sr1","resource":{"resourceType":"ServiceRequest","status":"active","intent":"order",
                    "priority":"urgent","subject":{"reference":"urn:uuid:pt1"},"note":[{"text":"persona senza dimora, stato confusionale"}]}},
                  {"fullUrl":"urn:uuid:cm1","resource":{"resourceType":"Communication","status":"completed",
                    "payload":[{"contentString":"ha bisogno di un posto letto stanotte"}]}}
                 ]}
                """.formatted(UUID.randomUUID(), headerId, headerId, source, familyName);
    }

    static String communication(String id, String text) {
        return """
                {"resourceType":"Communication","id":"%s","status":"completed",
                 "payload":[{"contentString":"%s"}]}
                """.formatted(id, text);
    }
}
