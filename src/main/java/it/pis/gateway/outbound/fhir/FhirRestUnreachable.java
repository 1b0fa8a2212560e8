package it.pis.gateway.outbound.fhir;

import java.io.IOException;

/** No HTTP answer from the partner at all (refused connection, TLS failure, timeout): the message says which. */
public class FhirRestUnreachable extends IOException {

    public FhirRestUnreachable(String message) {
        super(message);
    }
}
