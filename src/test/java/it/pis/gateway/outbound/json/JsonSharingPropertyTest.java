package it.pis.gateway.outbound.json;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.crypto.Pem;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.JsonWire;
import it.pis.gateway.outbound.UnrenderableHandover;
import it.pis.gateway.policy.Minimization;
import it.pis.gateway.policy.SharedField;
import it.pis.gateway.policy.SharingCase;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For random cases, labels and sharing lists: what the anti-violence centre reads in its
 * CMS-encrypted json-handover (opened with its own key), and what a shelter reads in a json-placement
 * request, hold every field the agreement lets leave and nothing of any other.
 */
class JsonSharingPropertyTest {

    static final Path CERTS = tempCerts();
    static final JsonOutput OUTPUT = JsonCases.output(CERTS);
    static final PrivateKey CAV_KEY = cavKey();
    final Minimization minimization = new Minimization();
    final JsonHandoverRenderer handovers = new JsonHandoverRenderer(OUTPUT);
    final JsonPlacementRenderer placements = new JsonPlacementRenderer(OUTPUT, "");

    @Property(tries = 200)
    void theEncryptedHandoverCarriesExactlyTheFieldsThatMayLeave(@ForAll("cases") SharingCase c) throws Exception {
        Agreement recipient = c.recipient(JsonCases.demo(JsonCases.CAV));
        HandoverDocument document = minimization.document(c.handover(), List.of(c.report()), recipient,
                JsonCases.CENTRE, UUID.randomUUID());

        byte[] wire = handovers.render(document, recipient).content();

        assertThat(wire[0]).as("CMS, not readable JSON").isEqualTo((byte) 0x30);
        assertExactly(c, String.join("\n", JsonWire.text(wire, CAV_KEY)));
    }

    @Property(tries = 200)
    void thePlacementRequestCarriesExactlyTheFieldsThatMayLeave(@ForAll("cases") SharingCase c) throws Exception {
        Agreement recipient = c.recipient(JsonCases.demo(JsonCases.SHELTER));
        HandoverDocument document = minimization.document(c.handover(), List.of(c.report()), recipient,
                JsonCases.CENTRE, UUID.randomUUID());
        if (document.placement() == null) {
            UnrenderableHandover refused = org.junit.jupiter.api.Assertions.assertThrows(UnrenderableHandover.class,
                    () -> placements.render(document, recipient));
            assertThat(refused.field()).isEqualTo("placement");
            return;
        }

        assertExactly(c, String.join("\n", JsonWire.text(placements.render(document, recipient).content(), null)));
    }

    private static void assertExactly(SharingCase c, String wire) {
        Set<SharedField> allowed = c.allowed();
        c.tokens().forEach((field, tokens) -> {
            if (allowed.contains(field)) {
                assertThat(tokens).as(field + " may leave and must arrive").anyMatch(wire::contains);
            } else {
                assertThat(tokens).as(field + " is withheld").noneMatch(wire::contains);
            }
        });
    }

    @Provide
    Arbitrary<SharingCase> cases() {
        return SharingCase.any();
    }

    private static Path tempCerts() {
        try {
            return Files.createTempDirectory("json-property-certs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateKey cavKey() {
        try {
            return Pem.readPrivateKey(CERTS.resolve(JsonCases.CAV + ".key"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
