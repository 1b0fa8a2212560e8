package it.pis.gateway.inbound.hl7v2;

import ca.uhn.hl7v2.model.Message;

/** What the HL7 v2 channel learnt about a message: its header, and the parsed message once decoded. */
public record Hl7Data(Hl7Header header, Message parsed) {
}
