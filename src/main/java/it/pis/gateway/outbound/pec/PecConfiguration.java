package it.pis.gateway.outbound.pec;

import it.pis.gateway.journal.DeliveryQueue;
import it.pis.gateway.outbound.DeliveryOutcomes;
import jakarta.mail.Flags;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.search.SearchTerm;
import org.apache.camel.component.mail.MailAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/** The centre's certified mail (PEC) account: SMTP out (routes/pec-out.yaml), IMAP in for receipts (routes/pec-receipts-in.yaml). */
@Configuration(proxyBeanMethods = false)
class PecConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PecConfiguration.class);

    @Bean
    PecSettings pecSmtp(@Value("${pis.pec.smtp.protocol}") String protocol, @Value("${pis.pec.smtp.host}") String host,
                        @Value("${pis.pec.smtp.port}") int port, @Value("${pis.pec.smtp.starttls}") boolean starttls,
                        @Value("${pis.pec.smtp.username:}") String username, @Value("${pis.pec.smtp.password:}") String password,
                        @Value("${pis.pec.smtp.timeout}") Duration timeout) {
        PecSettings settings = new PecSettings("smtp", protocol, host, port, starttls, username, password, timeout.toMillis());
        if (username.isBlank()) {
            log.warn("pis.pec.smtp.username is empty: handovers by PEC are sent without logging in to {}", settings.server());
        }
        return settings;
    }

    @Bean
    PecSettings pecImap(@Value("${pis.pec.imap.protocol}") String protocol, @Value("${pis.pec.imap.host}") String host,
                        @Value("${pis.pec.imap.port}") int port, @Value("${pis.pec.imap.starttls}") boolean starttls,
                        @Value("${pis.pec.imap.username:}") String username, @Value("${pis.pec.imap.password:}") String password,
                        @Value("${pis.pec.imap.timeout}") Duration timeout) {
        return new PecSettings("imap", protocol, host, port, starttls, username, password, timeout.toMillis());
    }

    @Bean
    Properties pecSmtpProperties(PecSettings pecSmtp) {
        return pecSmtp.javaMailProperties();
    }

    @Bean
    Properties pecImapProperties(PecSettings pecImap) {
        return pecImap.javaMailProperties();
    }

    /** The login, given to camel-mail as a bean so that a password never sits in an endpoint URI. */
    @Bean
    MailAuthenticator pecSmtpAuthenticator(PecSettings pecSmtp) {
        return authenticator(pecSmtp);
    }

    @Bean
    MailAuthenticator pecImapAuthenticator(PecSettings pecImap) {
        return authenticator(pecImap);
    }

    /**
     * What the gateway takes from the mailbox: unread mails that carry {@code X-Ricevuta} (PEC
     * receipts). Everything else (mail to the centre, PEC envelopes from other services) is never
     * opened by the gateway and stays unread for the staff.
     */
    @Bean
    SearchTerm pecReceiptSearch() {
        return new AndTerm(new FlagTerm(new Flags(Flags.Flag.SEEN), false), new HeaderTerm("X-Ricevuta", ""));
    }

    @Bean
    PecTransport pecTransport(PecSettings pecSmtp, Clock clock) {
        return new PecTransport(pecSmtp.server(), clock);
    }

    @Bean
    PecReceipts pecReceipts(DeliveryQueue deliveryQueue, DeliveryOutcomes deliveryOutcomes) {
        return new PecReceipts(deliveryQueue, deliveryOutcomes);
    }

    private static MailAuthenticator authenticator(PecSettings settings) {
        return new MailAuthenticator() {
            @Override
            public PasswordAuthentication getPasswordAuthentication() {
                return settings.username() == null || settings.username().isBlank()
                        ? new PasswordAuthentication(null, null)
                        : new PasswordAuthentication(settings.username(), settings.password());
            }
        };
    }
}
