package it.pis.gateway.inbound.soap;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A SOAP request as the channel reads it: the envelope parsed from the bytes as received (the
 * signature is checked on this very tree) and its operation element, the first child of Body.
 */
record SoapData(Document envelope, Element operation) {
}
