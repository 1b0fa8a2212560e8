package it.pis.gateway.agreement;

/** Names of the live channels, as agreements and the journal write them (the schema lists all). */
public final class Channels {
    public static final String HL7V2_MLLP = "hl7v2-mllp";
    public static final String FHIR_REST = "fhir-rest";

    private Channels() {
    }
}
