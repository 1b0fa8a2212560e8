package it.pis.gateway.outbound.soap;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.crypto.OutboundTls;
import it.pis.gateway.outbound.DeliveryAttempt;
import it.pis.gateway.outbound.DeliveryResult;
import it.pis.gateway.outbound.OutboundEndpoints;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.receivers.SoapReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/samples/handover-soap-envelope.xml is what the renderer makes of the fictional case of
 * {@link SoapCases} for questura-milano, byte for byte. {@code -Dpis.samples.write=true} rewrites it,
 * and writes the signed form as a police partner received it (signed with a throw-away development key).
 */
class SoapSamplesTest {

    static final Path RENDERED = Path.of("docs/samples/handover-soap-envelope.xml");
    static final Path SIGNED = Path.of("docs/samples/handover-soap-envelope-signed.xml");

    @Test
    void theRenderedSampleIsWhatTheRendererMakesToday() throws Exception {
        byte[] rendered = render().content();
        if (Boolean.getBoolean("pis.samples.write")) {
            Files.createDirectories(RENDERED.getParent());
            Files.write(RENDERED, rendered);
        }
        assertThat(Files.readAllBytes(RENDERED)).as("rerun with -Dpis.samples.write=true after changing the format")
                .isEqualTo(rendered);
    }

    @Test
    @EnabledIfSystemProperty(named = "pis.samples.write", matches = "true")
    void writeTheSignedSampleAsAPartnerReceivesIt(@TempDir Path certs) throws Exception {
        DevCertificates.ensure(certs, List.of());
        GatewayKeys keys = new GatewayKeys(certs.resolve("gateway.crt"), certs.resolve("gateway.key"),
                certs.resolve("dev-ca.crt"));
        Rendered rendered = render();
        Agreement questura = SoapCases.agreement("questura-milano");
        try (SoapReceiver police = new SoapReceiver(certs, 0).start();
             SoapHandoverSender sender = new SoapHandoverSender(keys, new OutboundTls(keys), new SoapHandoverSender.Settings(
                     Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5), 1 << 20))) {
            DeliveryAttempt attempt = new DeliveryAttempt(SoapCases.DELIVERY, SoapCases.HANDOVER, questura.id(), questura,
                    "soap", SoapHandoverRenderer.FORMAT, police.url(), rendered.messageId(), rendered.contentType(),
                    rendered.content(), 1);
            DeliveryResult result = new SoapReplies().outcome(sender.send(attempt));
            assertThat(result).isInstanceOf(DeliveryResult.Acknowledged.class);
            Files.createDirectories(SIGNED.getParent());
            Files.write(SIGNED, police.requests(rendered.messageId()).get(0));
        }
    }

    private static Rendered render() {
        Agreement questura = SoapCases.agreement("questura-milano");
        return new SoapHandoverRenderer(new OutboundEndpoints(Map.of())).render(SoapCases.document(questura), questura);
    }
}
