package it.pis.gateway.inbound.fhir;

import org.hl7.fhir.instance.model.api.IBaseResource;

import java.util.Map;

/**
 * What the FHIR route answers: a status, headers (a {@code Location} relative to the FHIR base)
 * and a resource that the controller encodes in the format the partner used.
 */
public record FhirAnswer(int status, Map<String, String> headers, IBaseResource resource) {

    public FhirAnswer {
        headers = Map.copyOf(headers);
    }
}
