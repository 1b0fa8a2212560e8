package it.pis.gateway.it;

import it.pis.gateway.receivers.FhirReceiver;

/**
 * The FHIR servers the shared gateway context delivers FHIR documents to (GatewayIntegrationTest
 * points the agreements at them): the demo CSM and SerD, and the test-only agreement
 * fhir-test-receiver (short retries, every field shared). Started on first use, with the
 * development PKI of CERTS; each checks the gateway's ModI signature on its own.
 */
final class FhirReceivers {

    static final FhirReceiver CSM = new FhirReceiver(GatewayIntegrationTest.CERTS, 0, true).start();
    static final FhirReceiver SERD = new FhirReceiver(GatewayIntegrationTest.CERTS, 0, true).start();
    static final FhirReceiver TEST = new FhirReceiver(GatewayIntegrationTest.CERTS, 0, true).start();

    private FhirReceivers() {
    }
}
