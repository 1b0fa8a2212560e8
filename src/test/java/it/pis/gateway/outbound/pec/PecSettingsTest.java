package it.pis.gateway.outbound.pec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PEC account settings: TLS to any real provider, plain text only to loopback, names checked. */
class PecSettingsTest {

    @Test
    void plainSmtpToARealHostIsRefusedNamingTheSettings() {
        assertThatThrownBy(() -> new PecSettings("smtp", "smtp", "smtp.pec.example.it", 25, false, "u", "p", 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pis.pec.smtp").hasMessageContaining("clear text")
                .hasMessageContaining("use protocol smtps or starttls: true");
        assertThatThrownBy(() -> new PecSettings("imap", "pop3", "127.0.0.1", 110, false, "u", "p", 1000))
                .hasMessageContaining("pis.pec.imap.protocol must be imap or imaps, not pop3");
    }

    @Test
    void implicitTlsAndStarttlsAskForTlsAndTheServersName() {
        PecSettings smtps = new PecSettings("smtp", "smtps", "smtps.pec.example.it", 465, false, "u", "p", 30000);
        assertThat(smtps.javaMailProperties()).containsEntry("mail.smtps.ssl.enable", "true")
                .containsEntry("mail.smtps.ssl.checkserveridentity", "true").containsEntry("mail.smtps.writetimeout", "30000");
        assertThat(smtps.server()).isEqualTo("smtps://smtps.pec.example.it:465");

        PecSettings starttls = new PecSettings("smtp", "smtp", "smtp.pec.example.it", 587, true, "u", "p", 30000);
        assertThat(starttls.javaMailProperties()).containsEntry("mail.smtp.starttls.enable", "true")
                .containsEntry("mail.smtp.starttls.required", "true").containsEntry("mail.smtp.ssl.checkserveridentity", "true");

        PecSettings local = new PecSettings("imap", "imap", "127.0.0.1", 1143, false, "", "", 1000);
        assertThat(local.javaMailProperties()).containsEntry("mail.imap.auth", "false");
    }

    @Test
    void mailtoEndpointsGiveOneStrictAddress() {
        assertThat(PecAddress.fromEndpoint("mailto:prot.procmin.milano@giustiziacert.example?subject=x").getAddress())
                .isEqualTo("prot.procmin.milano@giustiziacert.example");
        assertThat(PecAddress.fromEndpoint("MAILTO:a%2Bb@pec.example").getAddress()).isEqualTo("a+b@pec.example");
        assertThatThrownBy(() -> PecAddress.fromEndpoint("smtp://x")).hasMessageContaining("is not a mailto: address");
        assertThatThrownBy(() -> PecAddress.fromEndpoint("mailto:a@x.example,b@y.example"))
                .hasMessageContaining("more than one address");
        assertThatThrownBy(() -> PecAddress.fromEndpoint("mailto:no-at-sign")).hasMessageContaining("not a valid e-mail address");
    }
}
