package it.pis.gateway.inbound.soap;

import it.pis.gateway.inbound.InboundRejection.Cause;

/**
 * What the route answers a SOAP request with: a report id (new or, for a resend, the first one),
 * or a refusal that becomes a SOAP Fault.
 *
 * @param cause  null when accepted; the refusal cause otherwise ({@code INTERNAL} when not an InboundRejection)
 * @param server true when the gateway, not the sender, is at fault (soap:Server: resend later)
 */
public record SoapAnswer(String reportId, boolean duplicate, String cause, String reason, boolean server) {

    static SoapAnswer accepted(String reportId, boolean duplicate) {
        return new SoapAnswer(reportId, duplicate, null, null, false);
    }

    static SoapAnswer refused(Cause cause, String reason) {
        return new SoapAnswer(null, false, cause.name(), reason, cause == Cause.JOURNAL_UNAVAILABLE);
    }

    public boolean refused() {
        return cause != null;
    }
}
