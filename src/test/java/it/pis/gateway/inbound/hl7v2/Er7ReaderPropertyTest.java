package it.pis.gateway.inbound.hl7v2;

import it.pis.gateway.fuzz.Mutations;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.it.Hl7Fixtures;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Fuzzing the ER7 reader (header, agreement, charset, HAPI's parser, the mapping) with mutations
 * of the demo hospital's ADT^A04 and of an ADT with every mapped field: each input is read and
 * mapped, or refused with an {@link InboundRejection} whose cause names what is wrong. Any other
 * exception is a crash of the reader (the listener would answer "internal error" for a message
 * the sender must fix), and the timeout guards against a reader that never returns.
 */
class Er7ReaderPropertyTest {

    static final byte[] ADT = Hl7Fixtures.adtA04("FUZZ-1", "Rossi", "Mario", null).getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] ADT_UTF8 = Hl7Fixtures.adtA04("FUZZ-2", "Mazzà", "Nicolò", "UNICODE UTF-8")
            .getBytes(StandardCharsets.UTF_8);

    @Provide
    Arbitrary<byte[]> messages() {
        return Arbitraries.oneOf(Mutations.of(ADT), Mutations.of(ADT_UTF8));
    }

    @Property(tries = 400)
    void everyMutationIsReadOrRefusedWithACause(@ForAll("messages") byte[] bytes) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                InboundMessage message = Hl7Messages.INTAKE.map(Hl7Messages.INTAKE.identify(null, Hl7Messages.frame(bytes)));
                assertThat(message.report()).isNotNull();
            } catch (InboundRejection refused) {
                assertThat(refused.cause()).isNotNull();
                assertThat(refused.getMessage()).isNotBlank();
                assertThat(refused.inbound().raw()).isNotNull();
            }
        });
    }
}
