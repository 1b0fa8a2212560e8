package it.pis.gateway.inbound.fhir;

/** {@code pis.fhir.*}: the largest body the channel reads. */
record FhirChannelSettings(int maxBodyBytes) {
}
