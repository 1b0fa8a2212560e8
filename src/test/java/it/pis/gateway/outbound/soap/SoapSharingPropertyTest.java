package it.pis.gateway.outbound.soap;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.OutboundEndpoints;
import it.pis.gateway.outbound.SoapWire;
import it.pis.gateway.policy.Minimization;
import it.pis.gateway.policy.SharedField;
import it.pis.gateway.policy.SharingCase;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For random cases, labels and sharing lists: what a police partner can read in the soap-handover
 * envelope holds every field its agreement lets leave and nothing of any other.
 */
class SoapSharingPropertyTest {

    static final Agreement QUESTURA = SoapCases.agreement("questura-milano");
    final Minimization minimization = new Minimization();
    final SoapHandoverRenderer renderer = new SoapHandoverRenderer(new OutboundEndpoints(Map.of()));

    @Property(tries = 300)
    void theEnvelopeCarriesExactlyTheFieldsThatMayLeave(@ForAll("cases") SharingCase c) {
        Agreement recipient = c.recipient(QUESTURA);
        HandoverDocument document = minimization.document(c.handover(), List.of(c.report()), recipient, SoapCases.CENTRE,
                UUID.randomUUID());

        String wire = String.join("\n", SoapWire.text(renderer.render(document, recipient).content()));

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
}
