package it.pis.gateway.inbound.json;

/** What the JSON channel answers: an HTTP status and a JSON body. */
public record JsonReply(int status, String body) {
}
