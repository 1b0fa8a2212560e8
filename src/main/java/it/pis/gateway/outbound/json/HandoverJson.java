package it.pis.gateway.outbound.json;

import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.report.Report;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;

/**
 * The JSON of the parts a handover and a placement request share, written field by field from the
 * {@link HandoverDocument} (never by serialising its records, so that a field added to them later
 * cannot leave unnoticed). Absent or empty values are left out, never written as null.
 */
final class HandoverJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HandoverJson() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ObjectNode party(HandoverDocument.Party party) {
        ObjectNode node = object();
        text(node, "id", party.id());
        text(node, "name", party.name());
        text(node, "kind", party.kind());
        text(node, "ipaCode", party.ipaCode());
        text(node, "aooCode", party.aooCode());
        text(node, "registryCode", party.registryCode());
        text(node, "email", party.email());
        return node;
    }

    /** Every content field the document carries except the placement, which each format writes its own way. */
    static void content(ObjectNode node, HandoverDocument d) {
        person(node, d.person());
        location(node, d.location());
        strings(node, "needs", d.needs());
        text(node, "narrative", d.narrative());
        contact(node, d.contact());
        text(node, "summary", d.summary());
        text(node, "assessment", d.assessment());
        actions(node, d.actions());
        interventions(node, d.interventions());
        urgentHelpProject(node, d.urgentHelpProject());
        judicialNotices(node, d.judicialNotices());
        attachments(node, d.attachments());
    }

    private static void person(ObjectNode parent, Report.Person p) {
        if (p == null) {
            return;
        }
        ObjectNode node = object();
        text(node, "familyName", p.familyName());
        text(node, "givenName", p.givenName());
        date(node, "birthDate", p.birthDate());
        if (p.estimatedAge() != null) {
            node.put("estimatedAge", p.estimatedAge());
        }
        if (p.sex() != null) {
            node.put("sex", p.sex().name());
        }
        if (p.identifier() != null && p.identifier().type() != null) {
            ObjectNode id = node.putObject("identifier");
            id.put("type", p.identifier().type().name());
            text(id, "value", p.identifier().value());
            if (p.identifier().valid() != null) {
                id.put("valid", p.identifier().valid());
            }
            text(id, "problem", p.identifier().problem());
        }
        text(node, "citizenship", p.citizenship());
        text(node, "language", p.language());
        putIfAny(parent, "person", node);
    }

    private static void location(ObjectNode parent, Report.Location l) {
        if (l == null) {
            return;
        }
        ObjectNode node = object();
        text(node, "description", l.description());
        text(node, "municipalityIstat", l.municipalityIstat());
        if (l.lat() != null) {
            node.put("lat", l.lat());
        }
        if (l.lon() != null) {
            node.put("lon", l.lon());
        }
        putIfAny(parent, "location", node);
    }

    private static void contact(ObjectNode parent, Report.Contact c) {
        if (c == null) {
            return;
        }
        ObjectNode node = object();
        text(node, "name", c.name());
        text(node, "phone", c.phone());
        text(node, "organisation", c.organisation());
        putIfAny(parent, "contact", node);
    }

    private static void actions(ObjectNode parent, List<Handover.Action> actions) {
        ArrayNode array = NODES.arrayNode();
        for (Handover.Action a : actions) {
            ObjectNode node = array.addObject();
            instant(node, "at", a.at());
            text(node, "text", a.text());
        }
        putIfAny(parent, "actions", array);
    }

    private static void interventions(ObjectNode parent, List<Handover.Intervention> interventions) {
        ArrayNode array = NODES.arrayNode();
        for (Handover.Intervention i : interventions) {
            ObjectNode node = array.addObject();
            text(node, "code", i.code());
            text(node, "label", i.label());
            instant(node, "from", i.from());
            instant(node, "to", i.to());
        }
        putIfAny(parent, "interventions", array);
    }

    private static void urgentHelpProject(ObjectNode parent, Handover.UrgentHelpProject project) {
        if (project == null) {
            return;
        }
        ObjectNode node = object();
        text(node, "goals", project.goals());
        ArrayNode pending = NODES.arrayNode();
        for (Handover.PendingAction p : project.pendingActions()) {
            ObjectNode item = pending.addObject();
            text(item, "action", p.action());
            text(item, "owner", p.owner());
            date(item, "due", p.due());
        }
        putIfAny(node, "pendingActions", pending);
        putIfAny(parent, "urgentHelpProject", node);
    }

    private static void judicialNotices(ObjectNode parent, List<Handover.JudicialNotice> notices) {
        ArrayNode array = NODES.arrayNode();
        for (Handover.JudicialNotice n : notices) {
            ObjectNode node = array.addObject();
            text(node, "authority", n.authority());
            instant(node, "at", n.at());
            text(node, "reference", n.reference());
        }
        putIfAny(parent, "judicialNotices", array);
    }

    private static void attachments(ObjectNode parent, List<Handover.Attachment> attachments) {
        ArrayNode array = NODES.arrayNode();
        for (Handover.Attachment a : attachments) {
            ObjectNode node = array.addObject();
            text(node, "name", a.name());
            text(node, "mediaType", a.mediaType());
            text(node, "sha256", a.sha256());
            node.put("size", a.size());
            node.put("data", Base64.getEncoder().encodeToString(a.data() == null ? new byte[0] : a.data()));
        }
        putIfAny(parent, "attachments", array);
    }

    static void strings(ObjectNode parent, String name, List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.stream().filter(v -> v != null && !v.isBlank()).forEach(array::add);
        putIfAny(parent, name, array);
    }

    static void text(ObjectNode node, String name, String value) {
        if (value != null && !value.isBlank()) {
            node.put(name, value);
        }
    }

    static void instant(ObjectNode node, String name, Instant value) {
        if (value != null) {
            node.put(name, value.toString());
        }
    }

    private static void date(ObjectNode node, String name, LocalDate value) {
        if (value != null) {
            node.put(name, value.toString());
        }
    }

    static void putIfAny(ObjectNode parent, String name, ObjectNode child) {
        if (!child.isEmpty()) {
            parent.set(name, child);
        }
    }

    private static void putIfAny(ObjectNode parent, String name, ArrayNode child) {
        if (!child.isEmpty()) {
            parent.set(name, child);
        }
    }
}
