package it.pis.gateway.outbound.soap;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.OutboundEndpoints;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.outbound.SoapWire;
import it.pis.gateway.outbound.UnrenderableHandover;
import it.pis.gateway.policy.Minimization;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.TargetGroup;
import jakarta.xml.soap.MessageFactory;
import jakarta.xml.soap.MimeHeaders;
import jakarta.xml.soap.SOAPConstants;
import jakarta.xml.soap.SOAPHeaderElement;
import jakarta.xml.soap.SOAPMessage;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The soap-handover envelope, read back with independent parsers (JDK DOM, SAAJ) and the XSD file itself. */
class SoapHandoverRendererTest {

    static final String NS = InterventiContract.NAMESPACE;
    final SoapHandoverRenderer renderer = new SoapHandoverRenderer(new OutboundEndpoints(Map.of()));

    @Test
    void theQuesturaGetsOnlyWhatItsAgreementSharesAndTheBodyIsValidAgainstTheXsd() throws Exception {
        Agreement questura = SoapCases.agreement("questura-milano");
        Rendered rendered = renderer.render(SoapCases.document(questura), questura);
        Element request = request(rendered.content());

        assertValid(request);
        assertThat(childNames(request)).containsExactly("messageId", "handoverId", "createdAt", "author", "sender",
                "recipient", "confidentiality", "person", "summary", "actions", "placement");
        assertThat(childNames(child(request, "person"))).containsExactly("familyName", "givenName", "birthDate");
        assertThat(text(request, "familyName")).isEqualTo("Esposito");
        assertThat(text(request, "birthDate")).isEqualTo("1961-03-14");
        assertThat(text(request, "placementId")).isEqualTo("PL-2026-0412");
        assertThat(request.getElementsByTagNameNS(NS, "action").getLength()).isEqualTo(2);
        assertThat(text(request, "confidentiality")).isEqualTo("NORMALE");

        String wire = wire(rendered.content());
        assertThat(wire).contains("Esposito", "Giuseppe", "Accompagnamento con l'unità di strada",
                "Casa di accoglienza San Martino, via Rovello 12, Milano");
        HandoverDocument everything = SoapCases.document(SoapCases.sharingEverything());
        assertThat(wire).doesNotContain(everything.person().identifier().value(), everything.narrative(),
                everything.assessment(), everything.contact().phone(), everything.contact().name(),
                everything.location().description(), "015146", "riparo notturno", "A1.05",
                everything.urgentHelpProject().goals(), "Procura della Repubblica", "verbale-accompagnamento",
                "Il sig. Esposito è stato accompagnato", "ADULT_IN_DIFFICULTY");
    }

    @Test
    void aViolenceVictimsCaseReachesThePoliceWithoutWhereTheVictimIs() throws Exception {
        Report r = SoapCases.report();
        Report violence = new Report(r.id(), r.receivedAt(), r.source(), r.urgency(), List.of(TargetGroup.VIOLENCE_VICTIM),
                r.confidentiality(), r.person(), r.location(), r.needs(), r.narrative(), r.contact(), r.consent(),
                r.attachments(), r.status(), r.taken(), r.journalRef());
        Agreement all = SoapCases.sharingEverything();
        HandoverDocument document = new Minimization().document(SoapCases.handover(), List.of(violence), all,
                SoapCases.CENTRE, SoapCases.DELIVERY);

        Rendered rendered = renderer.render(document, all);

        assertThat(childNames(request(rendered.content()))).doesNotContain("placement", "location", "contact")
                .contains("person", "summary");
        assertThat(wire(rendered.content())).doesNotContain("via Rovello", "Via Padova 212", "+39 02 7727 1");
    }

    @Test
    void everyFieldThatLeavesIsRenderedInTheSchemasOrderAndTheAttachmentDecodesToItsBytes() throws Exception {
        Agreement all = SoapCases.sharingEverything();
        Rendered rendered = renderer.render(SoapCases.document(all), all);
        Element request = request(rendered.content());

        assertValid(request);
        assertThat(childNames(request)).containsExactly("messageId", "handoverId", "createdAt", "author", "sender",
                "recipient", "confidentiality", "person", "location", "needs", "narrative", "contact", "summary",
                "assessment", "actions", "interventions", "placement", "urgentHelpProject", "judicialNotices",
                "attachments");
        assertThat(childNames(child(request, "person"))).containsExactly("familyName", "givenName", "birthDate",
                "estimatedAge", "sex", "identifier", "citizenship", "language");
        Element identifier = child(child(request, "person"), "identifier");
        assertThat(identifier.getAttribute("type")).isEqualTo("CF");
        assertThat(identifier.getAttribute("valid")).isEqualTo("false");
        assertThat(identifier.getTextContent()).isEqualTo("SPSGPP61C14F839K");
        assertThat(text(request, "latitude")).isEqualTo("45.5021");
        assertThat(text(request, "istatCode")).isEqualTo("015146");
        assertThat(request.getElementsByTagNameNS(NS, "need").getLength()).isEqualTo(3);
        assertThat(text(request, "due")).isEqualTo("2026-11-28");
        assertThat(text(request, "organization")).isEqualTo("Polizia locale di Milano, Comando zona 2");

        Element attachment = (Element) request.getElementsByTagNameNS(NS, "attachment").item(0);
        assertThat(attachment.getAttribute("name")).isEqualTo("verbale-accompagnamento.txt");
        assertThat(attachment.getAttribute("mediaType")).isEqualTo("text/plain");
        assertThat(attachment.getAttribute("size")).isEqualTo(String.valueOf(SoapCases.ATTACHMENT.length));
        assertThat(attachment.getAttribute("sha256")).isEqualTo(SoapCases.sha256(SoapCases.ATTACHMENT));
        assertThat(Base64.getMimeDecoder().decode(attachment.getTextContent())).isEqualTo(SoapCases.ATTACHMENT);
        assertThat(wire(rendered.content())).contains("Il sig. Esposito è stato accompagnato alle 06:25");
    }

    @Test
    void wsAddressingCarriesTheStableMessageIdTheEndpointInForceAndTheActionReadBySaaj() throws Exception {
        Agreement questura = SoapCases.agreement("questura-milano");
        SoapHandoverRenderer overridden = new SoapHandoverRenderer(new OutboundEndpoints(
                Map.of("questura-milano", "https://localhost:9443/soap/interventi")));
        Rendered rendered = overridden.render(SoapCases.document(questura), questura);

        SOAPMessage message = MessageFactory.newInstance(SOAPConstants.SOAP_1_1_PROTOCOL)
                .createMessage(mime(), new ByteArrayInputStream(rendered.content()));
        Map<String, String> headers = new HashMap<>();
        Map<String, String> ids = new HashMap<>();
        for (Iterator<?> it = message.getSOAPHeader().examineAllHeaderElements(); it.hasNext(); ) {
            SOAPHeaderElement header = (SOAPHeaderElement) it.next();
            assertThat(header.getNamespaceURI()).isEqualTo(InterventiContract.WSA);
            assertThat(header.getMustUnderstand()).isFalse();
            headers.put(header.getLocalName(), header.getTextContent());
            ids.put(header.getLocalName(), header.getAttributeNS(InterventiContract.WSU, "Id"));
        }
        assertThat(headers).containsOnly(Map.entry("MessageID", "urn:uuid:" + SoapCases.DELIVERY),
                Map.entry("To", "https://localhost:9443/soap/interventi"),
                Map.entry("Action", "urn:it:pis:gateway:interventi:v1:DeliverHandover"));
        assertThat(ids.values()).doesNotContain("").doesNotHaveDuplicates();
        assertThat(message.getSOAPBody().getAttributeNS(InterventiContract.WSU, "Id")).isEqualTo(SoapHandoverRenderer.BODY_ID);
        assertThat(message.getSOAPBody().getFirstChild()).isNotNull();
        assertThat(rendered.messageId()).isEqualTo("urn:uuid:" + SoapCases.DELIVERY);
        assertThat(text(request(rendered.content()), "messageId")).isEqualTo(rendered.messageId());
        assertThat(rendered.contentType()).isEqualTo("text/xml; charset=UTF-8");
        assertThat(message.getSOAPHeader().getElementsByTagNameNS(InterventiContract.WSSE, "Security").getLength())
                .as("the transport signs, not the renderer").isZero();

        assertThat(renderer.render(SoapCases.document(questura), questura).content())
                .as("the same document renders the same bytes").isEqualTo(renderer.render(SoapCases.document(questura),
                        questura).content());
    }

    @Test
    void charactersXmlCannotCarryAreReplacedAndTheEnvelopeStaysWellFormed() throws Exception {
        Handover h = SoapCases.handover();
        Handover withControls = new Handover(h.id(), h.reportIds(), h.createdAt(), h.author(), h.recipients(),
                "Riepilogo\u0001 con\u000B caratteri di controllo \uD83D\uDE91", h.assessment(), h.actions(),
                h.interventions(), h.placement(), h.urgentHelpProject(), h.judicialNotices(), h.attachments(),
                h.confidentiality());
        Agreement questura = SoapCases.agreement("questura-milano");
        Element request = request(renderer.render(SoapCases.document(withControls, questura), questura).content());

        assertValid(request);
        assertThat(text(request, "summary")).isEqualTo("Riepilogo\uFFFD con\uFFFD caratteri di controllo \uD83D\uDE91");
    }

    @Test
    void aDocumentThePartnersSchemaRefusesIsUnrenderableNamingTheElement() {
        Handover h = SoapCases.handover();
        Handover tooLong = new Handover(h.id(), h.reportIds(), h.createdAt(), h.author(), h.recipients(), h.summary(),
                h.assessment(), h.actions(), h.interventions(),
                new Handover.Placement("casa-accoglienza-san-martino", "PL-1", "x".repeat(1001), null, null),
                h.urgentHelpProject(), h.judicialNotices(), h.attachments(), h.confidentiality());
        Agreement questura = SoapCases.agreement("questura-milano");

        assertThatThrownBy(() -> renderer.render(SoapCases.document(tooLong, questura), questura))
                .isInstanceOfSatisfying(UnrenderableHandover.class, e -> {
                    assertThat(e.field()).isEqualTo("DeliverHandover/placement/structure");
                    assertThat(e.getMessage()).contains("wsdl/interventi.xsd", "maxLength");
                });
    }

    /** The XSD as shipped, compiled here on its own: not the renderer's copy. */
    static void assertValid(Element request) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.newSchema(Path.of("src/main/resources/wsdl/interventi.xsd").toFile()).newValidator()
                .validate(new DOMSource(request));
    }

    static Element request(byte[] envelope) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(envelope));
        Element root = document.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(InterventiContract.SOAP11);
        assertThat(root.getLocalName()).isEqualTo("Envelope");
        Element body = (Element) root.getElementsByTagNameNS(InterventiContract.SOAP11, "Body").item(0);
        List<String> bodyChildren = childNames(body);
        assertThat(bodyChildren).containsExactly("DeliverHandover");
        return child(body, "DeliverHandover");
    }

    static List<String> childNames(Element parent) {
        List<String> names = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                names.add(e.getLocalName());
            }
        }
        return names;
    }

    static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new AssertionError("no " + localName + " in " + parent.getLocalName());
    }

    static String text(Element within, String localName) {
        return within.getElementsByTagNameNS(NS, localName).item(0).getTextContent();
    }

    private static MimeHeaders mime() {
        MimeHeaders headers = new MimeHeaders();
        headers.addHeader("Content-Type", "text/xml; charset=UTF-8");
        return headers;
    }

    /** All a partner can read in the envelope, as one text to search. */
    private static String wire(byte[] envelope) {
        return String.join("\n", SoapWire.text(envelope));
    }
}
