package it.pis.gateway.outbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.FhirWire;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.report.Confidentiality;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static it.pis.gateway.outbound.fhir.HandoverCases.CODICE_FISCALE;
import static it.pis.gateway.outbound.fhir.HandoverCases.DELIVERY_ID;
import static it.pis.gateway.outbound.fhir.HandoverCases.document;
import static it.pis.gateway.outbound.fhir.HandoverCases.everything;
import static org.assertj.core.api.Assertions.assertThat;

/** The fhir-document renderer without Spring, its output read back by HAPI's strict parser and validator. */
class FhirDocumentRendererTest {

    static final FhirContext FHIR = FhirContext.forR4();
    static final ZoneId ROME = ZoneId.of("Europe/Rome");
    static final FhirDocumentRenderer RENDERER = new FhirDocumentRenderer(FHIR, ROME);
    static final List<String> CSM = List.of("person.familyName", "person.givenName", "person.birthDate",
            "person.identifier", "summary", "assessment", "actions", "urgentHelpProject");
    static final List<String> SERD = List.of("person.familyName", "person.givenName", "summary", "actions",
            "urgentHelpProject");
    static final Path CORPUS = Path.of(System.getProperty("pis.corpus",
            Files.isDirectory(Path.of("../shared/corpus")) ? "../shared/corpus" : "/work/shared/corpus"));

    static Bundle parse(byte[] json) {
        return FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler())
                .parseResource(Bundle.class, new String(json, StandardCharsets.UTF_8));
    }

    static Bundle render(HandoverDocument document) {
        return parse(RENDERER.render(document, null).content());
    }

    static List<String> sectionCodes(Bundle bundle) {
        return ((Composition) bundle.getEntryFirstRep().getResource()).getSection().stream()
                .map(s -> s.getCode().getCodingFirstRep().getCode()).toList();
    }

    static <T extends Resource> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance)
                .map(type::cast).toList();
    }

    @Test
    void isADocumentBundleWithTheCompositionFirstAndEveryReferenceInside() {
        Rendered rendered = RENDERER.render(everything(), null);
        Bundle bundle = parse(rendered.content());

        assertThat(rendered.contentType()).isEqualTo("application/fhir+json");
        assertThat(rendered.messageId()).isEqualTo("urn:uuid:" + DELIVERY_ID);
        assertThat(bundle.getIdentifier().getSystem()).isEqualTo("urn:ietf:rfc:3986");
        assertThat(bundle.getIdentifier().getValue()).isEqualTo(rendered.messageId());
        assertThat(bundle.getTimestampElement().getValueAsString()).isEqualTo("2026-01-10T07:42:00+01:00");
        assertThat(DocumentShape.problems(FHIR, bundle)).isEmpty();
        JsonNode json = JsonMapper.builder().build().readTree(rendered.content());
        assertThat(json.get("entry")).allSatisfy(e -> assertThat(e.get("fullUrl").asString())
                .isEqualTo("urn:uuid:" + e.at("/resource/id").asString()).matches("urn:uuid:[0-9a-f-]{36}"));

        Composition composition = (Composition) bundle.getEntryFirstRep().getResource();
        assertThat(composition.getStatus()).isEqualTo(Composition.CompositionStatus.FINAL);
        assertThat(composition.getTitle()).isEqualTo("Documento di sintesi dell'intervento");
        assertThat(composition.getType().getCoding()).extracting(Coding::getSystem, Coding::getCode)
                .contains(org.assertj.core.groups.Tuple.tuple("http://loinc.org", "34133-9"));
        assertThat(composition.getSubject().getReference()).isEqualTo(fullUrlOf(bundle, Patient.class));
        assertThat(composition.getAuthor()).extracting(r -> r.getReference())
                .containsExactly(fullUrlOf(bundle, Practitioner.class), fullUrlOf(bundle, Organization.class));
        assertThat(composition.getCustodian().getReference()).isEqualTo(fullUrlOf(bundle, Organization.class));
        assertThat(composition.getDateElement().getValueAsString()).isEqualTo("2026-01-10T07:42:00+01:00");
        assertThat(resources(bundle, Organization.class).get(0).getIdentifierFirstRep().getValue()).isEqualTo("c_f205");
        assertThat(resources(bundle, Practitioner.class).get(0).getIdentifierFirstRep().getValue()).isEqualTo("op.bianchi");
    }

    @Test
    void passesHapisInstanceValidatorWithoutErrors() {
        FhirValidator validator = FHIR.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(new ValidationSupportChain(
                new DefaultProfileValidationSupport(FHIR), new InMemoryTerminologyServerValidationSupport(FHIR),
                new CommonCodeSystemsTerminologyService(FHIR))));
        for (HandoverDocument document : List.of(everything(), document(SERD, Confidentiality.RESTRICTED, null, null),
                document(List.of("summary"), Confidentiality.NORMAL, null, null))) {
            List<SingleValidationMessage> errors = validator.validateWithResult(
                    new String(RENDERER.render(document, null).content(), StandardCharsets.UTF_8)).getMessages().stream()
                    .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()).toList();
            assertThat(errors).as("validation errors").isEmpty();
        }
    }

    @Test
    void theCsmGetsExactlyItsSharedFieldsAndNothingElse() {
        Bundle bundle = render(document(CSM, Confidentiality.NORMAL, null, LocalDate.of(1971, 3, 14)));

        assertThat(sectionCodes(bundle)).containsExactly("sintesi", "valutazione", "azioni", "progetto-aiuto-urgente");
        Patient patient = resources(bundle, Patient.class).get(0);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Esposito");
        assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Giovanni");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1971-03-14");
        assertThat(patient.getIdentifier()).singleElement().satisfies(id -> {
            assertThat(id.getSystem()).isEqualTo("http://hl7.it/sid/codiceFiscale");
            assertThat(id.getValue()).isEqualTo(CODICE_FISCALE);
        });
        assertThat(patient.hasGender()).isFalse();
        assertThat(patient.hasExtension()).isFalse();
        assertThat(patient.hasCommunication()).isFalse();
        assertThat(resources(bundle, Location.class)).isEmpty();
        assertThat(resources(bundle, DocumentReference.class)).isEmpty();
        assertThat(resources(bundle, CarePlan.class)).hasSize(1);

        String wire = FhirWire.text(RENDERER.render(document(CSM, Confidentiality.NORMAL, null, null), null).content());
        assertThat(wire).contains("Esposito", "Giovanni", CODICE_FISCALE, "Ripresa del contatto con il CSM",
                "Visita psichiatrica", "Rischio elevato", "Uscita congiunta con l'unità di strada");
        assertThat(wire).doesNotContain("Duca d'Aosta", "015146", "45.4852", "+39 02 8846", "Marco Ferri", "-3 °C",
                "riparo notturno", "PIS-ACC-NOTT", "Pronta accoglienza notturna", "PL-2026-0042",
                "Casa di accoglienza San Martino", "Prot. 123/2026", "Procura", "relazione-uds.txt", "Relazione UDS",
                "ITA", "maschile");
    }

    @Test
    void theSerdGetsNamesSummaryActionsAndProjectOnly() {
        HandoverDocument document = document(SERD, Confidentiality.RESTRICTED, 55, LocalDate.of(1971, 3, 14));
        Bundle bundle = render(document);

        assertThat(sectionCodes(bundle)).containsExactly("sintesi", "azioni", "progetto-aiuto-urgente");
        Patient patient = resources(bundle, Patient.class).get(0);
        assertThat(patient.hasBirthDate()).isFalse();
        assertThat(patient.hasIdentifier()).isFalse();
        assertThat(resources(bundle, Observation.class)).isEmpty();
        String wire = FhirWire.text(RENDERER.render(document, null).content());
        assertThat(wire).doesNotContain(CODICE_FISCALE, "1971", "14/03/1971", "Rischio elevato", "55 anni");
    }

    @Test
    void everyFieldTheDocumentCarriesHasItsSectionInReadingOrder() {
        Bundle bundle = render(everything());

        assertThat(sectionCodes(bundle)).containsExactly("sintesi", "segnalazione", "bisogni", "valutazione", "azioni",
                "interventi", "progetto-aiuto-urgente", "collocamento", "luogo", "contatto", "autorita-giudiziaria",
                "persona", "allegati");
        Composition composition = (Composition) bundle.getEntryFirstRep().getResource();
        assertThat(composition.getSection()).allSatisfy(s -> {
            assertThat(s.getTitle()).isNotBlank();
            assertThat(s.getText().getDiv().allText()).isNotBlank();
        });
        Location location = resources(bundle, Location.class).get(0);
        assertThat(location.getDescription()).isEqualTo("Portici di Piazza Duca d'Aosta, lato Stazione Centrale");
        assertThat(location.getPosition().getLatitude()).isEqualByComparingTo("45.4852");
        assertThat(location.getAddress().getCityElement().getExtensionFirstRep().getValue())
                .isInstanceOfSatisfying(Coding.class, c -> assertThat(c.getCode()).isEqualTo("015146"));
        CarePlan plan = resources(bundle, CarePlan.class).get(0);
        assertThat(plan.getActivity()).hasSize(2);
        assertThat(plan.getActivityFirstRep().getDetail().getScheduledPeriod().getEndElement().getValueAsString())
                .isEqualTo("2026-01-12");
        assertThat(resources(bundle, Observation.class).get(0).getValueQuantity().getValue()).isEqualByComparingTo("55");
        DocumentReference attachment = resources(bundle, DocumentReference.class).get(0);
        assertThat(new String(attachment.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8))
                .startsWith("Relazione UDS");
        Patient patient = resources(bundle, Patient.class).get(0);
        assertThat(patient.getGender()).isEqualTo(AdministrativeGender.MALE);
        assertThat(patient.getCommunicationFirstRep().getLanguage().getCodingFirstRep().getCode()).isEqualTo("it");

        String wire = FhirWire.text(RENDERER.render(everything(), null).content());
        assertThat(wire).contains("Accompagnato al dormitorio <Ortles> & registrato", "10/01/2026 03:10",
                "Casa di accoglienza San Martino", "+39 02 8846 1234", "Prot. 123/2026", "55 anni",
                "temperatura corporea bassa", "valutazione psichiatrica");
    }

    @Test
    void withoutAnyPersonFieldThereIsNoPatientAndNoSubject() {
        Bundle bundle = render(document(List.of("summary", "urgentHelpProject"), Confidentiality.NORMAL, null, null));

        assertThat(resources(bundle, Patient.class)).isEmpty();
        assertThat(((Composition) bundle.getEntryFirstRep().getResource()).hasSubject()).isFalse();
        assertThat(resources(bundle, CarePlan.class)).as("a CarePlan needs a subject").isEmpty();
        assertThat(sectionCodes(bundle)).containsExactly("sintesi", "progetto-aiuto-urgente");
        assertThat(DocumentShape.problems(FHIR, bundle)).isEmpty();
    }

    @Test
    void theConfidentialityLevelLabelsTheCompositionTheBundleAndEveryResource() {
        for (Confidentiality level : Confidentiality.values()) {
            Bundle bundle = render(document(CSM, level, null, null));
            String code = switch (level) {
                case NORMAL -> "N";
                case RESTRICTED -> "R";
                case VERY_RESTRICTED -> "V";
            };
            assertThat(((Composition) bundle.getEntryFirstRep().getResource()).getConfidentiality().toCode()).isEqualTo(code);
            assertThat(bundle.getMeta().getSecurity()).extracting(Coding::getCode).containsExactly(code);
            assertThat(bundle.getEntry()).allSatisfy(e -> assertThat(e.getResource().getMeta().getSecurity())
                    .extracting(Coding::getSystem, Coding::getCode).containsExactly(org.assertj.core.groups.Tuple.tuple(
                            "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", code)));
        }
    }

    @Test
    void theSameDocumentRendersToTheSameBytesAndAnotherDeliveryToAnotherIdentifier() {
        byte[] first = RENDERER.render(everything(), null).content();
        assertThat(RENDERER.render(everything(), null).content()).isEqualTo(first);

        HandoverDocument other = withDeliveryId(everything(), UUID.fromString("0193a1f0-0000-7000-8000-000000000001"));
        Rendered second = RENDERER.render(other, null);
        assertThat(second.messageId()).isEqualTo("urn:uuid:0193a1f0-0000-7000-8000-000000000001");
        assertThat(parse(second.content()).getEntry()).extracting(Bundle.BundleEntryComponent::getFullUrl)
                .doesNotContainAnyElementsOf(parse(first).getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).toList());
    }

    @Test
    void theShapeCheckAcceptsTheIpsDocumentsOfTheCorpusAndNamesTheFaultsOfTheBrokenOnes() throws IOException {
        Path folder = CORPUS.resolve("outbound/fhir-document");
        for (String file : List.of("bundle-minimal.json", "bundle-no-info-required-sections.json")) {
            Bundle corpus = FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(folder.resolve(file)));
            assertThat(DocumentShape.problems(FHIR, corpus)).as(file).isEmpty();
        }
        Bundle xml = FHIR.newXmlParser().parseResource(Bundle.class, Files.readString(folder.resolve("IPS-bundle-01.xml")));
        assertThat(DocumentShape.problems(FHIR, xml)).isEmpty();
        // the EPS sample has a null entry, an author that is not in it and relative references under urn:uuid fullUrls
        Bundle eps = FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(
                folder.resolve("Bundle-Instance-Bundle-2df32f90-6f95-434e-9c29-4b9b0968f9e8.json")));
        assertThat(DocumentShape.problems(FHIR, eps)).contains("entry null has no resource",
                "Composition refers to urn:uuid:e7527691-d1a5-4616-95cb-4838a511d905, which is not in the Bundle");

        Bundle broken = render(everything());
        String patient = broken.getEntry().get(1).getFullUrl();
        broken.getEntry().remove(1);
        assertThat(DocumentShape.problems(FHIR, broken)).contains("Composition refers to " + patient
                + ", which is not in the Bundle");
    }

    private static String fullUrlOf(Bundle bundle, Class<? extends Resource> type) {
        return bundle.getEntry().stream().filter(e -> type.isInstance(e.getResource())).findFirst().orElseThrow().getFullUrl();
    }

    private static HandoverDocument withDeliveryId(HandoverDocument d, UUID deliveryId) {
        return new HandoverDocument(d.handoverId(), deliveryId, d.createdAt(), d.author(), d.confidentiality(), d.sender(),
                d.recipient(), d.person(), d.location(), d.needs(), d.narrative(), d.contact(), d.summary(), d.assessment(),
                d.actions(), d.interventions(), d.placement(), d.urgentHelpProject(), d.judicialNotices(), d.attachments(),
                d.shared(), d.withheld());
    }
}
