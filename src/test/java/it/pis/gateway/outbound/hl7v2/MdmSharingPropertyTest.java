package it.pis.gateway.outbound.hl7v2;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.crypto.CadesSigner;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.MdmWire;
import it.pis.gateway.outbound.SampleHandovers;
import it.pis.gateway.outbound.pdf.SynthesisPdf;
import it.pis.gateway.outbound.pdf.SynthesisText;
import it.pis.gateway.policy.Minimization;
import it.pis.gateway.policy.SharedField;
import it.pis.gateway.policy.SharingCase;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For random cases, labels and sharing lists: all a hospital can read in the MDM^T02 (every HL7
 * field, and the signed PDF's text or the TX lines, and the attachments) holds every field its
 * agreement lets leave and nothing of any other, signed or not.
 */
class MdmSharingPropertyTest {

    static final DevCertificates.Issued CA = DevCertificates.newCa("Test CA", Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(30)));
    static final DevCertificates.Issued GATEWAY = DevCertificates.issue(CA, "gateway",
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), true);
    static final ZoneId ROME = ZoneId.of("Europe/Rome");
    final Minimization minimization = new Minimization();
    final MdmRenderer renderer = new MdmRenderer("PIS-GATEWAY", "PIS", ROME, new SynthesisPdf(ROME),
            new SynthesisText(ROME), new CadesSigner(GATEWAY.key(), GATEWAY.certificate(), List.of(CA.certificate())));

    @Property(tries = 200)
    void theMessageCarriesExactlyTheFieldsThatMayLeave(@ForAll("cases") SharingCase c, @ForAll boolean signed) {
        Agreement recipient = c.recipient(MdmRendererTest.hospital(signed ? "cades" : "none"));
        HandoverDocument document = minimization.document(c.handover(), List.of(c.report()), recipient,
                SampleHandovers.CENTRE, UUID.randomUUID());

        String wire = MdmWire.text(renderer.render(document, recipient).content(), CA.certificate());

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
