package it.pis.gateway.inbound.json;

/** {@code pis.json.*}: the body limit of the JSON REST channel. */
record JsonSettings(int maxBodyBytes) {
}
