package it.pis.gateway.inbound.fhir;

import org.hl7.fhir.r4.model.Resource;

import java.util.List;

/**
 * A parsed FHIR request, as the mapping and the answer need it.
 *
 * @param interaction  {@code transaction}, {@code batch}, {@code $process-message} or {@code create}
 * @param root         the posted resource (a Bundle or a single ServiceRequest, Communication, Task)
 * @param resources    where mapping paths are evaluated: the Bundle's entry resources or the posted
 *                     resource, each followed by its contained resources, in document order
 * @param base         the FHIR base the partner called, e.g. {@code https://localhost:8443/fhir}
 */
record FhirData(String interaction, Resource root, List<Resource> resources, String base) {

    static final String TRANSACTION = "transaction";
    static final String BATCH = "batch";
    static final String PROCESS_MESSAGE = "$process-message";
    static final String CREATE = "create";
}
