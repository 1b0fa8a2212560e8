package it.pis.gateway.outbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.Outbound;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.FhirWire;
import it.pis.gateway.policy.Minimization;
import it.pis.gateway.policy.SharedField;
import it.pis.gateway.policy.SharingCase;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For any case, labels and sharing list: the FHIR document a recipient receives holds, as a
 * recipient reads it (FhirWire), every value of every field it may receive and not one value of a
 * field it may not.
 */
class FhirDocumentSharingPropertyTest {

    static final FhirDocumentRenderer RENDERER = new FhirDocumentRenderer(FhirContext.forR4(), ZoneId.of("Europe/Rome"));
    static final Agreement CSM = new Agreement("csm-milano-nord", "mental-health", "CSM Milano Nord", "test", List.of(),
            new Outbound("fhir-rest", "https://fhir.csm-nord.example/fhir", "fhir-document", "jws", "tls-only", null,
                    null, null), null);
    /** Fields without searchable tokens: sex and estimated age are enums and small numbers. */
    static final Set<SharedField> NOT_SEARCHABLE = EnumSet.of(SharedField.PERSON_SEX, SharedField.PERSON_ESTIMATED_AGE);

    @Provide
    Arbitrary<SharingCase> cases() {
        return SharingCase.any();
    }

    @Property(tries = 200)
    void onlyWhatTheRecipientMayReceiveIsOnTheWireAndAllOfIt(@ForAll("cases") SharingCase c) {
        Agreement recipient = c.recipient(CSM);
        HandoverDocument document = new Minimization().document(c.handover(), List.of(c.report()), recipient,
                HandoverCases.CENTRE, UUID.randomUUID());
        String wire = FhirWire.text(RENDERER.render(document, recipient).content());

        Set<SharedField> allowed = c.allowed();
        c.tokens().forEach((field, tokens) -> {
            if (NOT_SEARCHABLE.contains(field)) {
                return;
            }
            if (allowed.contains(field)) {
                assertThat(tokens).as(field + " may leave and must be rendered").anyMatch(wire::contains);
            } else {
                assertThat(tokens).as(field + " is withheld").noneMatch(wire::contains);
            }
        });
    }
}
