package it.pis.gateway.outbound.segnatura;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.SampleHandovers;
import it.pis.gateway.outbound.SegnaturaWire;
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
 * For random cases, labels and sharing lists: all a social service or the juvenile court can read
 * in the PEC message (headers, text, Segnatura.xml, the sealed PDF's text and metadata, the
 * attachments) holds every field its agreement lets leave and nothing of any other.
 */
class SegnaturaSharingPropertyTest {

    final Minimization minimization = new Minimization();
    final SegnaturaRenderer renderer = SegnaturaRendererTest.renderer(Map.of());

    @Property(tries = 150)
    void theMessageCarriesExactlyTheFieldsThatMayLeave(@ForAll("cases") SharingCase c, @ForAll boolean court) throws Exception {
        Agreement recipient = c.recipient(SegnaturaRendererTest.AGREEMENTS.current()
                .byId(court ? "tribunale-minorenni-milano" : "servizi-sociali-milano-municipio-2").orElseThrow());
        HandoverDocument document = minimization.document(c.handover(), List.of(c.report()), recipient,
                SampleHandovers.CENTRE, UUID.randomUUID());

        String wire = String.join("\n", SegnaturaWire.text(renderer.render(document, recipient).content()));

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
