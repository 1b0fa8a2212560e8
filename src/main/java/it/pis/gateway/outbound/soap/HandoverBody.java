package it.pis.gateway.outbound.soap;

import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.UnrenderableHandover;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.Sex;

import javax.xml.stream.XMLStreamException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes the {@code DeliverHandover} element of wsdl/interventi.xsd from one recipient's
 * {@link HandoverDocument}: the envelope fields always, then every content field the document
 * carries, in the schema's order, and nothing else.
 */
final class HandoverBody {

    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(76, new byte[] {'\n'});

    private HandoverBody() {
    }

    static void write(IndentedXml xml, HandoverDocument d, String messageId) throws XMLStreamException {
        xml.start("", InterventiContract.REQUEST, InterventiContract.NAMESPACE);
        xml.raw().writeDefaultNamespace(InterventiContract.NAMESPACE);
        xml.leaf("messageId", messageId);
        xml.leaf("handoverId", d.handoverId());
        xml.leaf("createdAt", d.createdAt());
        xml.leaf("author", d.author());
        centre(xml, d.sender());
        xml.start("recipient");
        xml.leaf("id", d.recipient().id());
        xml.leaf("name", d.recipient().name());
        xml.end();
        xml.leaf("confidentiality", confidentiality(d.confidentiality()));
        person(xml, d.person());
        location(xml, d.location());
        list(xml, "needs", d.needs(), need -> xml.leaf("need", need));
        xml.leaf("narrative", blankToNull(d.narrative()));
        contact(xml, d.contact());
        xml.leaf("summary", blankToNull(d.summary()));
        xml.leaf("assessment", blankToNull(d.assessment()));
        list(xml, "actions", d.actions(), a -> {
            xml.start("action");
            xml.leaf("at", a.at());
            xml.leaf("text", a.text());
            xml.end();
        });
        list(xml, "interventions", d.interventions(), i -> {
            xml.start("intervention");
            xml.leaf("code", i.code());
            xml.leaf("label", i.label());
            xml.leaf("from", i.from());
            xml.leaf("to", i.to());
            xml.end();
        });
        placement(xml, d.placement());
        urgentHelpProject(xml, d.urgentHelpProject());
        list(xml, "judicialNotices", d.judicialNotices(), n -> {
            xml.start("judicialNotice");
            xml.leaf("authority", n.authority());
            xml.leaf("at", n.at());
            xml.leaf("reference", n.reference());
            xml.end();
        });
        list(xml, "attachments", d.attachments(), a -> {
            if (a.data() == null) {
                throw new UnrenderableHandover("attachments", "attachment '" + a.name() + "' has no content");
            }
            xml.start("attachment");
            xml.attribute("name", a.name());
            xml.attribute("mediaType", a.mediaType());
            xml.attribute("size", Long.toString(a.data().length));
            xml.attribute("sha256", sha256(a.data()));
            xml.text(BASE64.encodeToString(a.data()));
            xml.end();
        });
        xml.end();
    }

    private static void centre(IndentedXml xml, HandoverDocument.Party centre) throws XMLStreamException {
        xml.start("sender");
        xml.leaf("id", centre.id());
        xml.leaf("name", centre.name());
        xml.leaf("ipaCode", centre.ipaCode());
        xml.leaf("aooCode", centre.aooCode());
        xml.leaf("registryCode", centre.registryCode());
        xml.leaf("email", centre.email());
        xml.end();
    }

    private static void person(IndentedXml xml, Report.Person p) throws XMLStreamException {
        if (p == null) {
            return;
        }
        xml.start("person");
        xml.leaf("familyName", p.familyName());
        xml.leaf("givenName", p.givenName());
        xml.leaf("birthDate", p.birthDate());
        xml.leaf("estimatedAge", p.estimatedAge());
        xml.leaf("sex", p.sex() == null ? null : sex(p.sex()));
        Report.Identifier id = p.identifier();
        if (id != null && id.type() != null) {
            xml.start("identifier");
            xml.attribute("type", id.type().name());
            if (Boolean.FALSE.equals(id.valid())) {
                xml.attribute("valid", "false");
            }
            xml.text(id.value() == null ? "" : id.value());
            xml.end();
        }
        xml.leaf("citizenship", p.citizenship());
        xml.leaf("language", p.language());
        xml.end();
    }

    private static void location(IndentedXml xml, Report.Location l) throws XMLStreamException {
        if (l == null) {
            return;
        }
        xml.start("location");
        xml.leaf("description", l.description());
        xml.leaf("istatCode", l.municipalityIstat());
        xml.leaf("latitude", decimal(l.lat()));
        xml.leaf("longitude", decimal(l.lon()));
        xml.end();
    }

    private static void contact(IndentedXml xml, Report.Contact c) throws XMLStreamException {
        if (c == null) {
            return;
        }
        xml.start("contact");
        xml.leaf("name", c.name());
        xml.leaf("phone", c.phone());
        xml.leaf("organization", c.organisation());
        xml.end();
    }

    private static void placement(IndentedXml xml, Handover.Placement p) throws XMLStreamException {
        if (p == null) {
            return;
        }
        xml.start("placement");
        xml.leaf("partnerId", p.partnerId());
        xml.leaf("placementId", p.placementId());
        xml.leaf("structure", p.structure());
        xml.leaf("from", p.from());
        xml.leaf("to", p.to());
        xml.end();
    }

    private static void urgentHelpProject(IndentedXml xml, Handover.UrgentHelpProject u) throws XMLStreamException {
        if (u == null) {
            return;
        }
        xml.start("urgentHelpProject");
        xml.leaf("goals", blankToNull(u.goals()));
        list(xml, "pendingActions", u.pendingActions(), a -> {
            xml.start("pendingAction");
            xml.leaf("action", a.action());
            xml.leaf("owner", a.owner());
            xml.leaf("due", a.due());
            xml.end();
        });
        xml.end();
    }

    private interface ItemWriter<T> {
        void write(T item) throws XMLStreamException;
    }

    /** A wrapper element with one child per item, or nothing for an empty list. */
    private static <T> void list(IndentedXml xml, String wrapper, List<T> items, ItemWriter<T> item)
            throws XMLStreamException {
        if (items == null || items.isEmpty()) {
            return;
        }
        xml.start(wrapper);
        for (T t : items) {
            item.write(t);
        }
        xml.end();
    }

    static String confidentiality(Confidentiality level) {
        if (level == null) {
            return "NORMALE";
        }
        switch (level) {
            case RESTRICTED:
                return "RISERVATO";
            case VERY_RESTRICTED:
                return "MOLTO_RISERVATO";
            default:
                return "NORMALE";
        }
    }

    static String sex(Sex sex) {
        switch (sex) {
            case M:
                return "M";
            case F:
                return "F";
            case OTHER:
                return "X";
            default:
                return "U";
        }
    }

    /** Of the bytes sent, whatever the document claims. */
    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** xs:decimal has no exponent: 1.0E-5 must be written 0.00001. */
    private static String decimal(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : BigDecimal.valueOf(value).toPlainString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
