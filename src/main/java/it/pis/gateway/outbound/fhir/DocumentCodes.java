package it.pis.gateway.outbound.fhir;

import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.IdentifierType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition.DocumentConfidentiality;

/**
 * The code systems and identifier systems of the FHIR handover document. International codes
 * (LOINC, HL7 v3) where one means the same thing; the Italian naming systems of HL7 Italia for
 * personal identifiers; the gateway's own {@code urn:pis-gateway:*} systems for what has no
 * national code (the document and section kinds of a PIS handover, operators, IPA codes).
 */
final class DocumentCodes {

    static final String LOINC = "http://loinc.org";
    static final String RFC_3986 = "urn:ietf:rfc:3986";
    static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    static final String DOCUMENT_TYPE = "urn:pis-gateway:document-type";
    static final String SECTION = "urn:pis-gateway:handover-section";
    static final String OPERATOR = "urn:pis-gateway:operator";
    static final String IPA = "urn:pis-gateway:ipa";
    static final String CODICE_FISCALE = "http://hl7.it/sid/codiceFiscale";
    static final String STP = "http://hl7.it/sid/stp";
    static final String ENI = "http://hl7.it/sid/eni";
    static final String ISTAT_MUNICIPALITY = "http://terminology.hl7.it/CodeSystem/istat-unitaAmministrativeTerritoriali";
    static final String ISO_3166 = "urn:iso:std:iso:3166";
    static final String BCP_47 = "urn:ietf:bcp:47";
    static final String UCUM = "http://unitsofmeasure.org";
    /** Core R4 extension: a coded form of a string element (here the municipality's ISTAT code on Address.city). */
    static final String CODED_STRING = "http://hl7.org/fhir/StructureDefinition/iso21090-SC-coding";
    static final String CITIZENSHIP = "http://hl7.org/fhir/StructureDefinition/patient-citizenship";
    static final String TITLE = "Documento di sintesi dell'intervento";

    private DocumentCodes() {
    }

    /**
     * LOINC 34133-9 "Summary of episode note": the document sums up one episode of care (the
     * emergency intervention) for whoever continues it, which is what a documento di sintesi is;
     * the centre's own code names it exactly.
     */
    static CodeableConcept documentType() {
        return new CodeableConcept()
                .addCoding(new Coding(LOINC, "34133-9", "Summary of episode note"))
                .addCoding(new Coding(DOCUMENT_TYPE, "documento-sintesi-pis", TITLE))
                .setText(TITLE);
    }

    static DocumentConfidentiality confidentiality(Confidentiality level) {
        if (level == Confidentiality.VERY_RESTRICTED) {
            return DocumentConfidentiality.V;
        }
        return level == Confidentiality.RESTRICTED ? DocumentConfidentiality.R : DocumentConfidentiality.N;
    }

    /** The same level as a security label (meta.security) on the Bundle and on every resource in it. */
    static Coding securityLabel(Confidentiality level) {
        DocumentConfidentiality code = confidentiality(level);
        return new Coding(CONFIDENTIALITY, code.toCode(), switch (code) {
            case V -> "very restricted";
            case R -> "restricted";
            default -> "normal";
        });
    }

    /** The identifier system of a personal identifier; null for NONE. */
    static String identifierSystem(IdentifierType type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case CF -> CODICE_FISCALE;
            case STP -> STP;
            case ENI -> ENI;
            case NONE -> null;
        };
    }

    static String identifierLabel(IdentifierType type) {
        return switch (type) {
            case CF -> "Codice fiscale";
            case STP -> "Codice STP (straniero temporaneamente presente)";
            case ENI -> "Codice ENI (europeo non iscritto)";
            case NONE -> "Identificativo";
        };
    }
}
