package it.pis.gateway.outbound.fhir;

import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.report.Report;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Composition.SectionComponent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The sections of the document, one per content field the recipient's document carries, each with
 * its narrative (what a person reads) and, where FHIR has a resource for it, the structured entry:
 * a Location for where the person is, a CarePlan for the urgent help project, an Observation for
 * an estimated age, a DocumentReference per attachment. A field the document does not carry gives
 * no section at all.
 */
final class Sections {

    private final DocumentBuilder builder;
    private final HandoverDocument document;
    private final ZoneId zone;
    private final Reference patient;
    private final Reference centre;

    Sections(DocumentBuilder builder, HandoverDocument document, ZoneId zone, Reference patient, Reference centre) {
        this.builder = builder;
        this.document = document;
        this.zone = zone;
        this.patient = patient;
        this.centre = centre;
    }

    void addTo(Composition composition) {
        text(composition, DocumentSection.SUMMARY, document.summary());
        text(composition, DocumentSection.NARRATIVE, document.narrative());
        if (!document.needs().isEmpty()) {
            section(composition, DocumentSection.NEEDS, narrative().list(document.needs()));
        }
        text(composition, DocumentSection.ASSESSMENT, document.assessment());
        actions(composition);
        interventions(composition);
        urgentHelpProject(composition);
        placement(composition);
        location(composition);
        contact(composition);
        judicialNotices(composition);
        estimatedAge(composition);
        attachments(composition);
    }

    private void text(Composition composition, DocumentSection kind, String text) {
        if (text != null && !text.isBlank()) {
            section(composition, kind, narrative().text(text));
        }
    }

    private void actions(Composition composition) {
        if (document.actions().isEmpty()) {
            return;
        }
        Narrative n = narrative();
        section(composition, DocumentSection.ACTIONS, n.table(List.of("Quando", "Azione"),
                rows(document.actions(), a -> List.of(orEmpty(n.dateTime(a.at())), orEmpty(a.text())))));
    }

    private void interventions(Composition composition) {
        if (document.interventions().isEmpty()) {
            return;
        }
        Narrative n = narrative();
        section(composition, DocumentSection.INTERVENTIONS, n.table(List.of("Intervento", "Codice", "Periodo"),
                rows(document.interventions(), i -> List.of(orEmpty(i.label()), orEmpty(i.code()),
                        orEmpty(n.period(i.from(), i.to()))))));
    }

    private void urgentHelpProject(Composition composition) {
        Handover.UrgentHelpProject project = document.urgentHelpProject();
        if (project == null) {
            return;
        }
        SectionComponent section = section(composition, DocumentSection.URGENT_HELP_PROJECT, projectNarrative(project));
        if (patient != null) {
            section.addEntry(builder.add(carePlan(project), "care-plan"));
        }
    }

    private Narrative projectNarrative(Handover.UrgentHelpProject project) {
        Narrative n = narrative();
        if (project.goals() != null && !project.goals().isBlank()) {
            n.heading("Obiettivi").text(project.goals());
        }
        if (!project.pendingActions().isEmpty()) {
            n.heading("Azioni da svolgere").table(List.of("Azione", "Responsabile", "Entro il"),
                    rows(project.pendingActions(), p -> List.of(orEmpty(p.action()), orEmpty(p.owner()),
                            orEmpty(Narrative.date(p.due())))));
        }
        return n;
    }

    /** The project as a CarePlan: its goals as description, each pending action an activity with owner and due date. */
    private CarePlan carePlan(Handover.UrgentHelpProject project) {
        CarePlan plan = new CarePlan();
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setTitle(DocumentSection.URGENT_HELP_PROJECT.title());
        plan.setDescription(project.goals());
        plan.setSubject(patient.copy());
        plan.setCreatedElement(builder.dateTime(document.createdAt()));
        plan.setAuthor(centre.copy());
        for (Handover.PendingAction pending : project.pendingActions()) {
            CarePlan.CarePlanActivityDetailComponent detail = plan.addActivity().getDetail();
            detail.setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED);
            detail.setDescription(pending.action());
            if (pending.owner() != null) {
                detail.addPerformer(new Reference().setDisplay(pending.owner()));
            }
            if (pending.due() != null) {
                detail.setScheduled(new Period().setEndElement(new DateTimeType(pending.due().toString())));
            }
        }
        plan.setText(projectNarrative(project).build());
        return plan;
    }

    private void placement(Composition composition) {
        Handover.Placement placement = document.placement();
        if (placement == null) {
            return;
        }
        Narrative n = narrative();
        section(composition, DocumentSection.PLACEMENT, n.field("Struttura", placement.structure())
                .field("Ente gestore (accordo)", placement.partnerId())
                .field("Periodo", n.period(placement.from(), placement.to()))
                .field("Riferimento del collocamento", placement.placementId()));
    }

    private void location(Composition composition) {
        Report.Location where = document.location();
        if (where == null) {
            return;
        }
        boolean position = where.lat() != null && where.lon() != null;
        Narrative n = locationNarrative(where, position);
        SectionComponent section = section(composition, DocumentSection.LOCATION, n);
        Location location = new Location();
        location.setStatus(Location.LocationStatus.ACTIVE);
        location.setMode(Location.LocationMode.INSTANCE);
        location.setDescription(where.description());
        if (position) {
            location.getPosition().setLatitude(BigDecimal.valueOf(where.lat())).setLongitude(BigDecimal.valueOf(where.lon()));
        }
        if (where.municipalityIstat() != null) {
            StringType city = location.getAddress().getCityElement();
            city.addExtension(DocumentCodes.CODED_STRING,
                    new Coding().setSystem(DocumentCodes.ISTAT_MUNICIPALITY).setCode(where.municipalityIstat()));
        }
        location.setText(locationNarrative(where, position).build());
        section.addEntry(builder.add(location, "location"));
    }

    private Narrative locationNarrative(Report.Location where, boolean position) {
        return narrative().field("Descrizione", where.description())
                .field("Comune (codice ISTAT)", where.municipalityIstat())
                .field("Coordinate", position ? String.format(Locale.ROOT, "%s, %s", where.lat(), where.lon()) : null)
                .field("Latitudine", !position && where.lat() != null ? where.lat().toString() : null)
                .field("Longitudine", !position && where.lon() != null ? where.lon().toString() : null);
    }

    private void contact(Composition composition) {
        Report.Contact contact = document.contact();
        if (contact != null) {
            section(composition, DocumentSection.CONTACT, narrative().field("Nome", contact.name())
                    .field("Telefono", contact.phone()).field("Ente", contact.organisation()));
        }
    }

    private void judicialNotices(Composition composition) {
        if (document.judicialNotices().isEmpty()) {
            return;
        }
        Narrative n = narrative();
        section(composition, DocumentSection.JUDICIAL_NOTICES, n.table(List.of("Autorità", "Data e ora", "Riferimento"),
                rows(document.judicialNotices(), j -> List.of(orEmpty(j.authority()), orEmpty(n.dateTime(j.at())),
                        orEmpty(j.reference())))));
    }

    /** The estimated age (no Patient element holds one): LOINC 30525-0 Age, in years, method "estimated". */
    private void estimatedAge(Composition composition) {
        Report.Person person = document.person();
        if (person == null || person.estimatedAge() == null || patient == null) {
            return;
        }
        Narrative n = narrative().field("Età stimata", person.estimatedAge() + " anni");
        SectionComponent section = section(composition, DocumentSection.PERSON, n);
        Observation age = new Observation();
        age.setStatus(Observation.ObservationStatus.FINAL);
        age.setCode(new CodeableConcept().addCoding(new Coding(DocumentCodes.LOINC, "30525-0", "Age")).setText("Età stimata"));
        age.setSubject(patient.copy());
        age.setValue(new Quantity().setValue(person.estimatedAge()).setUnit("anni").setSystem(DocumentCodes.UCUM)
                .setCode("a"));
        age.setMethod(new CodeableConcept().setText("stima dell'operatore"));
        age.setText(narrative().field("Età stimata", person.estimatedAge() + " anni").build());
        section.addEntry(builder.add(age, "estimated-age"));
    }

    /** Each attachment as a DocumentReference with its content inline (R4's Attachment.hash is SHA-1). */
    private void attachments(Composition composition) {
        if (document.attachments().isEmpty()) {
            return;
        }
        Narrative n = narrative().table(List.of("File", "Tipo", "Dimensione (byte)", "SHA-256"),
                rows(document.attachments(), a -> List.of(orEmpty(a.name()), orEmpty(a.mediaType()),
                        Long.toString(a.size()), orEmpty(a.sha256()))));
        SectionComponent section = section(composition, DocumentSection.ATTACHMENTS, n);
        for (int i = 0; i < document.attachments().size(); i++) {
            Handover.Attachment a = document.attachments().get(i);
            DocumentReference reference = new DocumentReference();
            reference.setStatus(DocumentReferenceStatus.CURRENT);
            if (patient != null) {
                reference.setSubject(patient.copy());
            }
            reference.setDateElement(new InstantType(builder.time(document.createdAt())));
            reference.setDescription(a.name());
            reference.addSecurityLabel(new CodeableConcept().addCoding(builder.securityLabel()));
            Attachment content = reference.addContent().getAttachment();
            content.setContentType(a.mediaType()).setTitle(a.name()).setData(a.data()).setHash(sha1(a.data()));
            if (a.data() != null) {
                content.setSize(a.data().length);
            }
            reference.setText(narrative().field("File", a.name()).field("Tipo", a.mediaType()).build());
            section.addEntry(builder.add(reference, "attachment-" + i));
        }
    }

    private SectionComponent section(Composition composition, DocumentSection kind, Narrative text) {
        return composition.addSection().setTitle(kind.title()).setCode(kind.concept()).setText(text.build());
    }

    private Narrative narrative() {
        return new Narrative(zone);
    }

    private static <T> List<List<String>> rows(List<T> items, Function<T, List<String>> row) {
        List<List<String>> rows = new ArrayList<>();
        items.forEach(item -> rows.add(row.apply(item)));
        return rows;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static byte[] sha1(byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
