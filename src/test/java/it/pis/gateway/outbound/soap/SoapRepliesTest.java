package it.pis.gateway.outbound.soap;

import it.pis.gateway.outbound.DeliveryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What each kind of answer from a police partner does to the delivery, answers written by hand. */
class SoapRepliesTest {

    final SoapReplies replies = new SoapReplies();

    @Test
    void aValidReceiptAcknowledgesWithTheProtocolIdAndKeepsTheBytes() {
        String answer = envelope("<r:DeliverHandoverResponse xmlns:r='urn:it:pis:gateway:interventi:v1'>"
                + "<r:protocolId>QMI-2026-000042</r:protocolId><r:receivedAt>2026-11-26T06:41:03Z</r:receivedAt>"
                + "</r:DeliverHandoverResponse>");

        DeliveryResult result = outcome(200, answer);

        assertThat(result).isInstanceOf(DeliveryResult.Acknowledged.class);
        assertThat(result.detail()).isEqualTo("receipt QMI-2026-000042, received at 2026-11-26T06:41:03Z");
        assertThat(result.receipt().content()).asString(StandardCharsets.UTF_8).isEqualTo(answer);
        assertThat(result.receipt().contentType()).isEqualTo("text/xml; charset=utf-8");
    }

    @Test
    void aReceiptWithoutItsProtocolIdOrAnotherElementIsNoReceipt() {
        DeliveryResult incomplete = outcome(200, envelope("<DeliverHandoverResponse xmlns='urn:it:pis:gateway:interventi:v1'>"
                + "<receivedAt>2026-11-26T06:41:03Z</receivedAt></DeliverHandoverResponse>"));
        DeliveryResult other = outcome(200, envelope("<Ok xmlns='urn:example'/>"));
        DeliveryResult empty = outcome(202, "");

        assertThat(incomplete).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(incomplete.detail()).startsWith("HTTP 200: the DeliverHandoverResponse does not match wsdl/interventi.xsd:");
        assertThat(other).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(other.detail()).isEqualTo("HTTP 200 without a DeliverHandoverResponse: the body holds {urn:example}Ok");
        assertThat(empty).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(empty.detail()).isEqualTo("HTTP 202 without a DeliverHandoverResponse: no body");
        assertThat(empty.receipt()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "s:Client                 | xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'                                        | REFUSED",
            "s:Client.Authentication  | xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'                                        | REFUSED",
            "s:VersionMismatch        | xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'                                        | REFUSED",
            "s:MustUnderstand         | xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'                                        | REFUSED",
            "s:Server                 | xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'                                        | FAILED",
            "s:Server.Database        | xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'                                        | FAILED",
            "w:FailedCheck            | xmlns:w='http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd' | REFUSED",
            "w:InvalidSecurity        | xmlns:w='http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd' | REFUSED",
            "w:MessageExpired         | xmlns:w='http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd' | FAILED",
            "a:ActionNotSupported     | xmlns:a='http://www.w3.org/2005/08/addressing'                                             | REFUSED",
            "a:EndpointUnavailable    | xmlns:a='http://www.w3.org/2005/08/addressing'                                             | FAILED",
            "x:Whatever               | xmlns:x='urn:example:faults'                                                               | FAILED",
    })
    void aSoap11FaultCodeSaysWhetherSendingAgainCanHelp(String code, String declaration, String expected) {
        String fault = "<soap:Fault><faultcode " + declaration + ">" + code + "</faultcode>"
                + "<faultstring>non accettato</faultstring><detail><p:refusal xmlns:p='urn:it:pis:gateway:interventi:v1'>"
                + "<p:cause>CAUSA</p:cause><p:reason>perché</p:reason></p:refusal></detail></soap:Fault>";

        DeliveryResult result = outcome(500, envelope(fault));

        assertThat(result).isInstanceOf(expected.equals("REFUSED") ? DeliveryResult.Refused.class : DeliveryResult.Failed.class);
        assertThat(result.detail()).startsWith("HTTP 500, fault ").endsWith(": non accettato [CAUSA]");
        assertThat(result.receipt().kind()).isEqualTo("SOAP fault (HTTP 500)");
    }

    @Test
    void aSoap12FaultIsReadToo() {
        String ns = "http://www.w3.org/2003/05/soap-envelope";
        String sender = "<e:Envelope xmlns:e='" + ns + "'><e:Body><e:Fault><e:Code><e:Value>e:Sender</e:Value></e:Code>"
                + "<e:Reason><e:Text xml:lang='it'>richiesta non valida</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>";

        DeliveryResult refused = outcome(400, sender);
        DeliveryResult failed = outcome(500, sender.replace("e:Sender", "e:Receiver"));

        assertThat(refused).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(refused.detail()).isEqualTo("HTTP 400, fault soap:Sender: richiesta non valida");
        assertThat(failed).isInstanceOf(DeliveryResult.Failed.class);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({"400, REFUSED", "403, REFUSED", "404, REFUSED", "408, FAILED", "429, FAILED", "500, FAILED",
            "502, FAILED", "503, FAILED", "302, FAILED"})
    void anAnswerThatIsNotSoapIsJudgedByItsStatus(int status, String expected) {
        DeliveryResult result = replies.outcome(new SoapReply(status, "text/html",
                "<html><body>errore</body></html>".getBytes(StandardCharsets.UTF_8), false));

        assertThat(result).isInstanceOf(expected.equals("REFUSED") ? DeliveryResult.Refused.class : DeliveryResult.Failed.class);
        assertThat(result.detail()).startsWith("HTTP " + status + " without a SOAP fault");
        assertThat(result.receipt().kind()).isEqualTo("HTTP " + status);
    }

    @Test
    void anAnswerTooLargeToReadOrWithADoctypeIsNotTrusted() {
        DeliveryResult truncated = replies.outcome(new SoapReply(200, "text/xml", "<soap:Envelope".getBytes(StandardCharsets.UTF_8), true));
        DeliveryResult doctype = outcome(200, "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>" + envelope(
                "<DeliverHandoverResponse xmlns='urn:it:pis:gateway:interventi:v1'><protocolId>&e;</protocolId>"
                        + "<receivedAt>2026-11-26T06:41:03Z</receivedAt></DeliverHandoverResponse>"));

        assertThat(truncated).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(truncated.detail()).contains("pis.outbound.soap.max-response-bytes");
        assertThat(doctype).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(doctype.detail()).doesNotContain("root:");
    }

    @Test
    void noAnswerAtAllIsAFailedAttemptThatSaysWhy() {
        DeliveryResult result = replies.unreachable(new SoapUnreachable("no answer from https://q.example/soap: connection refused", null));

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).isEqualTo("no answer from https://q.example/soap: connection refused");
        assertThat(result.receipt()).isNull();
    }

    private DeliveryResult outcome(int status, String body) {
        return replies.outcome(new SoapReply(status, "text/xml; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), false));
    }

    private static String envelope(String body) {
        return "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body>" + body
                + "</soap:Body></soap:Envelope>";
    }
}
