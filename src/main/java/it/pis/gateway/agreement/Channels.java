package it.pis.gateway.agreement;

/** Channel names used in agreements and in the journal. */
public final class Channels {
    public static final String HL7V2_MLLP = "hl7v2-mllp";
    public static final String FHIR_REST = "fhir-rest";
    public static final String SOAP = "soap";
    public static final String JSON_REST = "json-rest";

    private Channels() {
    }
}
