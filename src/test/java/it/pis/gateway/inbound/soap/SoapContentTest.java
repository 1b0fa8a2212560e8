package it.pis.gateway.inbound.soap;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What two uses of one SOAP message id are compared by: the operation element in a normal form. */
class SoapContentTest {

    static String hash(String envelope) throws Exception {
        Element body = (Element) SoapIntake.parseSecurely(envelope.getBytes(StandardCharsets.UTF_8))
                .getDocumentElement().getElementsByTagNameNS("http://schemas.xmlsoap.org/soap/envelope/", "Body").item(0);
        Element operation = (Element) body.getElementsByTagNameNS(SoapIntake.NAMESPACE, "SubmitReport").item(0);
        return SoapContent.hash(operation);
    }

    @Test
    void headerPrefixesIndentationAndWsuIdsAreNotContent() throws Exception {
        String plain = SignedEnvelopes.request("M-1", "QUESTURA-MI");
        String resent = plain
                .replace("<soap:Body>", "<soap:Header><wsa:MessageID xmlns:wsa=\"http://www.w3.org/2005/08/addressing\">x"
                        + "</wsa:MessageID></soap:Header><soap:Body>")
                .replace("<SubmitReport xmlns=\"" + SoapIntake.NAMESPACE + "\">", "\n  <s:SubmitReport xmlns:s=\""
                        + SoapIntake.NAMESPACE + "\" xmlns=\"" + SoapIntake.NAMESPACE + "\" xmlns:wsu=\"http://docs.oasis-open.org/"
                        + "wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\" wsu:Id=\"id-42\">\n    ")
                .replace("</SubmitReport>", "</s:SubmitReport>\n");

        assertThat(hash(resent)).isEqualTo(hash(plain));
    }

    @Test
    void anotherPersonOrAnotherAttributeIsOtherContent() throws Exception {
        String plain = SignedEnvelopes.request("M-1", "QUESTURA-MI");
        assertThat(hash(plain.replace("<familyName>Rossi", "<familyName>Bianchi"))).isNotEqualTo(hash(plain));
        assertThat(hash(plain.replace("type=\"PASSPORT\"", "type=\"ID_CARD\""))).isNotEqualTo(hash(plain));
    }
}
