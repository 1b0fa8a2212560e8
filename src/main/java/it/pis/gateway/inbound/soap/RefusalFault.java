package it.pis.gateway.inbound.soap;

import org.apache.cxf.binding.soap.SoapFault;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

/**
 * The SOAP Fault for a refused request: faultcode {@code soap:Client} for everything the sender
 * caused and can fix, {@code soap:Server} only when the gateway is at fault (journal down: resend);
 * faultstring the refusal text, which names the cause and the agreement rule; detail
 * {@code <refusal xmlns="urn:it:pis:gateway:segnalazioni:v1"><cause/><reason/></refusal>}.
 *
 * <p>HTTP status: 500, as SOAP 1.1 (section 6.2) and WS-I Basic Profile 1.1 (R1126) require for
 * any SOAP Fault, and as SOAP stacks (CXF, .NET, Axis) expect in order to read the fault. This is
 * the one exception to the gateway's rule that a bad message never gets a 5xx: here the fault code,
 * not the HTTP status, says whose fault it is.
 */
final class RefusalFault extends SoapFault {

    /** True when the route already journaled the refusal. */
    private final boolean journaled;

    RefusalFault(String cause, String reason, boolean server, boolean journaled) {
        super(reason, server ? FAULT_CODE_SERVER : FAULT_CODE_CLIENT);
        this.journaled = journaled;
        setDetail(detail(cause, reason));
    }

    boolean journaled() {
        return journaled;
    }

    private static Element detail(String cause, String reason) {
        try {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element detail = document.createElement("detail");
            Element refusal = document.createElementNS(SoapIntake.NAMESPACE, "refusal");
            Element causeElement = document.createElementNS(SoapIntake.NAMESPACE, "cause");
            causeElement.setTextContent(cause);
            Element reasonElement = document.createElementNS(SoapIntake.NAMESPACE, "reason");
            reasonElement.setTextContent(reason);
            refusal.appendChild(causeElement);
            refusal.appendChild(reasonElement);
            detail.appendChild(refusal);
            document.appendChild(detail);
            return detail;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
