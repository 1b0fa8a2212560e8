package it.pis.gateway.outbound.fhir;

import it.pis.gateway.report.Report;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * The person as the recipient may see them: a Patient with only the person fields its agreement
 * shares (the document holds nothing else). The estimated age has no Patient element; it travels
 * as an Observation in the person section instead.
 */
final class PatientResource {

    private static final Pattern COUNTRY_CODE = Pattern.compile("[A-Z]{2,3}");
    private static final Map<String, String> LANGUAGE_BY_ISO3 = Arrays.stream(Locale.getISOLanguages())
            .collect(Collectors.toMap(l -> Locale.forLanguageTag(l).getISO3Language(), l -> l, (a, b) -> a));

    private PatientResource() {
    }

    static Patient of(Report.Person person, ZoneId zone) {
        Patient patient = new Patient();
        Narrative text = new Narrative(zone);
        if (person.familyName() != null || person.givenName() != null) {
            HumanName name = patient.addName().setFamily(person.familyName());
            if (person.givenName() != null) {
                name.addGiven(person.givenName());
            }
        }
        text.field("Cognome", person.familyName()).field("Nome", person.givenName());
        if (person.birthDate() != null) {
            patient.setBirthDateElement(new DateType(person.birthDate().toString()));
            text.field("Data di nascita", Narrative.date(person.birthDate()));
        }
        if (person.sex() != null) {
            patient.setGender(gender(person.sex()));
            text.field("Sesso", switch (person.sex()) {
                case M -> "maschile";
                case F -> "femminile";
                case OTHER -> "altro";
                case UNKNOWN -> "non noto";
            });
        }
        Report.Identifier identifier = person.identifier();
        String system = identifier == null ? null : DocumentCodes.identifierSystem(identifier.type());
        if (system != null && identifier.value() != null && !identifier.value().isBlank()) {
            patient.addIdentifier().setSystem(system).setValue(identifier.value().strip());
            text.field(DocumentCodes.identifierLabel(identifier.type()), identifier.value().strip()
                    + (Boolean.FALSE.equals(identifier.valid()) ? " (non supera il controllo: " + identifier.problem() + ")" : ""));
        }
        if (person.citizenship() != null) {
            Extension citizenship = new Extension(DocumentCodes.CITIZENSHIP);
            citizenship.addExtension(new Extension("code", coded(person.citizenship(), COUNTRY_CODE, DocumentCodes.ISO_3166)));
            patient.addExtension(citizenship);
            text.field("Cittadinanza", person.citizenship());
        }
        if (person.language() != null) {
            patient.addCommunication().setLanguage(language(person.language()));
            text.field("Lingua", person.language());
        }
        if (person.estimatedAge() != null) {
            text.field("Età stimata", person.estimatedAge() + " anni");
        }
        patient.setText(text.build());
        return patient;
    }

    /** A code in {@code system} when the value has its shape, always the value as text. */
    private static CodeableConcept coded(String value, Pattern shape, String system) {
        CodeableConcept concept = new CodeableConcept().setText(value);
        if (shape.matcher(value.strip()).matches()) {
            concept.addCoding(new Coding().setSystem(system).setCode(value.strip()));
        }
        return concept;
    }

    /** BCP 47 wants the two-letter code where ISO 639-1 has one ("ita" from an HL7 v2 message becomes "it"). */
    private static CodeableConcept language(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        String tag = v.length() == 2 && LANGUAGE_BY_ISO3.containsValue(v) ? v : LANGUAGE_BY_ISO3.get(v);
        CodeableConcept concept = new CodeableConcept().setText(value);
        if (tag != null) {
            concept.addCoding(new Coding().setSystem(DocumentCodes.BCP_47).setCode(tag));
        }
        return concept;
    }

    private static AdministrativeGender gender(it.pis.gateway.report.Sex sex) {
        return switch (sex) {
            case M -> AdministrativeGender.MALE;
            case F -> AdministrativeGender.FEMALE;
            case OTHER -> AdministrativeGender.OTHER;
            case UNKNOWN -> AdministrativeGender.UNKNOWN;
        };
    }
}
