package it.pis.gateway.outbound.fhir;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The sections of the handover document, in reading order: Italian title, the centre's code
 * ({@value DocumentCodes#SECTION}) and, where one means the same, the LOINC section code. A
 * section appears only when the recipient's document carries its field.
 */
enum DocumentSection {
    SUMMARY("sintesi", "Sintesi dell'intervento", null, null),
    NARRATIVE("segnalazione", "Descrizione della segnalazione", "42349-1", "Reason for referral (narrative)"),
    NEEDS("bisogni", "Bisogni rilevati", null, null),
    ASSESSMENT("valutazione", "Valutazione professionale", "51848-0", "Evaluation note"),
    ACTIONS("azioni", "Azioni svolte", null, null),
    INTERVENTIONS("interventi", "Interventi e servizi attivati", null, null),
    URGENT_HELP_PROJECT("progetto-aiuto-urgente", "Progetto di aiuto urgente", "18776-5", "Plan of care note"),
    PLACEMENT("collocamento", "Collocamento", null, null),
    LOCATION("luogo", "Luogo in cui si trova la persona", null, null),
    CONTACT("contatto", "Contatto di riferimento", null, null),
    JUDICIAL_NOTICES("autorita-giudiziaria", "Segnalazioni all'autorità giudiziaria", null, null),
    PERSON("persona", "Dati della persona", null, null),
    ATTACHMENTS("allegati", "Allegati", null, null);

    private final String code;
    private final String title;
    private final String loinc;
    private final String loincDisplay;

    DocumentSection(String code, String title, String loinc, String loincDisplay) {
        this.code = code;
        this.title = title;
        this.loinc = loinc;
        this.loincDisplay = loincDisplay;
    }

    String code() {
        return code;
    }

    String title() {
        return title;
    }

    CodeableConcept concept() {
        CodeableConcept concept = new CodeableConcept().addCoding(new Coding(DocumentCodes.SECTION, code, title));
        if (loinc != null) {
            concept.addCoding(new Coding(DocumentCodes.LOINC, loinc, loincDisplay));
        }
        return concept.setText(title);
    }
}
