package it.pis.gateway.outbound.fhir;

import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.handover.HandoverDocument.Party;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Builds one FHIR R4 document Bundle from one recipient's {@link HandoverDocument}: the
 * Composition first, then the resources it points to. Resource ids are name-based UUIDs of the
 * delivery id and the resource's role, so that rendering the same document twice gives the same
 * bytes, and every reference is a {@code urn:uuid} fullUrl inside the Bundle.
 */
final class DocumentBuilder {

    private static final DateTimeFormatter FHIR_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private final HandoverDocument document;
    private final ZoneId zone;
    private final Bundle bundle = new Bundle();
    private final Coding securityLabel;

    DocumentBuilder(HandoverDocument document, ZoneId zone) {
        this.document = document;
        this.zone = zone;
        this.securityLabel = DocumentCodes.securityLabel(document.confidentiality());
    }

    /** The identifier value that is also the message id: stable for the delivery, at every attempt. */
    static String messageId(HandoverDocument document) {
        return "urn:uuid:" + document.deliveryId();
    }

    Bundle build() {
        bundle.setId(document.deliveryId().toString());
        bundle.getMeta().addSecurity(securityLabel.copy());
        bundle.setLanguage("it");
        bundle.setIdentifier(new Identifier().setSystem(DocumentCodes.RFC_3986).setValue(messageId(document)));
        bundle.setType(Bundle.BundleType.DOCUMENT);
        bundle.setTimestampElement(new InstantType(time(document.createdAt())));

        Composition composition = new Composition();
        add(composition, "composition");
        Reference patient = document.person() == null ? null
                : add(PatientResource.of(document.person(), zone), "patient");
        Reference operator = add(operator(document.author()), "practitioner");
        Reference centre = add(organization(document.sender()), "organization");

        composition.setLanguage("it");
        composition.setIdentifier(new Identifier().setSystem(DocumentCodes.RFC_3986)
                .setValue("urn:uuid:" + document.handoverId()));
        composition.setStatus(Composition.CompositionStatus.FINAL);
        composition.setType(DocumentCodes.documentType());
        if (patient != null) {
            composition.setSubject(patient);
        }
        composition.setDateElement(dateTime(document.createdAt()));
        composition.addAuthor(operator.copy());
        composition.addAuthor(centre.copy());
        composition.setTitle(DocumentCodes.TITLE);
        composition.setConfidentiality(DocumentCodes.confidentiality(document.confidentiality()));
        composition.setCustodian(centre.copy());
        composition.setText(header());
        new Sections(this, document, zone, patient, centre).addTo(composition);
        return bundle;
    }

    /** Adds a resource as the next entry (labelled like the document); returns a reference to it. */
    Reference add(DomainResource resource, String role) {
        String id = UUID.nameUUIDFromBytes((document.deliveryId() + "|" + role).getBytes(StandardCharsets.UTF_8))
                .toString();
        resource.setId(id);
        resource.getMeta().addSecurity(securityLabel.copy());
        bundle.addEntry().setFullUrl("urn:uuid:" + id).setResource(resource);
        return new Reference("urn:uuid:" + id);
    }

    Coding securityLabel() {
        return securityLabel.copy();
    }

    String time(Instant at) {
        return FHIR_TIME.format(at.atZone(zone));
    }

    DateTimeType dateTime(Instant at) {
        return new DateTimeType(time(at));
    }

    private org.hl7.fhir.r4.model.Narrative header() {
        Party centre = document.sender();
        return new Narrative(zone)
                .field("Documento", DocumentCodes.TITLE)
                .field("Redatto da", document.author() + (centre == null ? "" : ", " + centre.name()))
                .field("Data", Narrative.dateTime(document.createdAt(), zone))
                .field("Destinatario", document.recipient() == null ? null : document.recipient().name())
                .field("Riservatezza", switch (DocumentCodes.confidentiality(document.confidentiality())) {
                    case V -> "strettamente riservato";
                    case R -> "riservato";
                    default -> "normale";
                })
                .build();
    }

    private Practitioner operator(String author) {
        Practitioner practitioner = new Practitioner();
        practitioner.addIdentifier().setSystem(DocumentCodes.OPERATOR).setValue(author);
        practitioner.addName().setText(author);
        practitioner.setText(new Narrative(zone).field("Operatore del pronto intervento sociale", author).build());
        return practitioner;
    }

    private Organization organization(Party centre) {
        Organization organization = new Organization();
        if (centre.ipaCode() != null) {
            organization.addIdentifier().setSystem(DocumentCodes.IPA).setValue(centre.ipaCode());
        }
        organization.setName(centre.name());
        if (centre.email() != null) {
            organization.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(centre.email());
        }
        organization.setText(new Narrative(zone).field("Ente", centre.name()).field("Codice IPA", centre.ipaCode())
                .field("Posta elettronica certificata", centre.email()).build());
        return organization;
    }
}
