package it.pis.gateway.it;

import it.pis.gateway.receivers.JsonReceiver;

/**
 * The JSON REST receivers the shared gateway context delivers to (GatewayIntegrationTest points the
 * agreements at them): the demo anti-violence centre and shelter, and the test-only agreements
 * test-json-flaky and test-json-refusing. Started on first use, with the development PKI of CERTS.
 */
final class JsonReceivers {

    static final JsonReceiver CAV = new JsonReceiver(GatewayIntegrationTest.CERTS, "json/handover.schema.json",
            "cav-milano", 0).start();
    static final JsonReceiver SHELTER = new JsonReceiver(GatewayIntegrationTest.CERTS,
            "json/placement-request.schema.json", null, 0).start();
    static final JsonReceiver FLAKY = new JsonReceiver(GatewayIntegrationTest.CERTS, "json/handover.schema.json",
            "test-json-flaky", 0).start();
    static final JsonReceiver REFUSING = new JsonReceiver(GatewayIntegrationTest.CERTS,
            "json/placement-request.schema.json", null, 0).start().mode(JsonReceiver.Mode.REFUSE);

    private JsonReceivers() {
    }
}
