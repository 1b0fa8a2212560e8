package it.pis.gateway.console;

import it.pis.gateway.agreement.AgreementFiles;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import it.pis.gateway.report.TargetGroup;
import it.pis.gateway.report.Urgency;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The live stream's row and sentence, rendered as the feed does: outside any request, per language. */
class LiveRowsTest {

    static final Instant NOW = Instant.parse("2026-12-01T02:15:00Z");

    /** The application's templates and words, with no web context. */
    static ITemplateEngine templates(ResourceBundleMessageSource messages) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        engine.setTemplateEngineMessageSource(messages);
        return engine;
    }

    static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("messages", "i18n/operator", "i18n/admin");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    static LiveRows liveRows(ITemplateEngine templates) {
        ResourceBundleMessageSource messages = messages();
        return new LiveRows(templates, messages, new PartnerDirectory(new AgreementRegistry(AgreementFiles.loader(),
                AgreementFiles.DEMO)), new ConsoleTime("Europe/Rome", Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    static Report report(String partner) {
        return new Report(UUID.randomUUID(), NOW, new Report.Source(partner, "hospital", "hl7v2-mllp", "X1", "ADT^A04", null),
                Urgency.EMERGENCY, List.of(TargetGroup.HOMELESS, TargetGroup.EXTREME_POVERTY), null, null, null, List.of(),
                "Sotto i portici\nda due notti", null, null, List.of(), ReportStatus.NEW, null, null);
    }

    @Test
    void theRowRendersOutsideARequestOnOneLineInTheSubscribersLanguage() {
        ResourceBundleMessageSource messages = messages();
        LiveRows rows = liveRows(templates(messages));
        Report report = report("ospedale-san-carlo");

        String italian = rows.row(report, Locale.ITALIAN, "/pis");
        String english = rows.row(report, Locale.ENGLISH, "");

        assertThat(italian).startsWith("<tr data-report-id=\"" + report.id() + "\" data-status=\"NEW\" class=\"new\">")
                .contains("href=\"/pis/console/reports/" + report.id() + "\"", "01/12/2026 03:15:00",
                        "Ospedale San Carlo Borromeo", ">Emergenza</span>", ">Senza dimora</span>", ">Grave povertà</span>",
                        "hx-post=\"/pis/console/reports/" + report.id() + "/take\"", "Appena arrivata")
                .doesNotContain("\n", "\r", "_csrf", "??");
        assertThat(english).contains(">Emergency</span>", ">Homeless</span>", "Just arrived",
                "href=\"/console/reports/" + report.id() + "\"").doesNotContain("\n");
    }

    @Test
    void theRowOfATakeRefusedSaysWhyAsAnAlert() {
        ITemplateEngine templates = templates(messages());
        ConsoleTime time = new ConsoleTime("Europe/Rome", Clock.fixed(NOW, ZoneOffset.UTC));
        Report closed = new Report(UUID.randomUUID(), NOW, report("cav-milano").source(), null, List.of(), null, null, null,
                List.of(), null, null, null, List.of(), ReportStatus.CLOSED, null, null);
        Report taken = report("cav-milano").markTaken(new Report.Taken("op.rossi", NOW));

        String notNew = templates.process("console/report-row", Set.of("row"), new Context(
                Locale.ITALIAN, Map.of("r", ReportRow.of(closed, "CAV", time).withNotice("inbox.take.notNew"), "base", "")));
        String already = templates.process("console/report-row", Set.of("row"), new Context(
                Locale.ITALIAN, Map.of("r", ReportRow.of(taken, "CAV", time).withNotice("inbox.take.already"), "base", "")));

        assertThat(notNew).contains("role=\"alert\" data-notice=\"not-new\"", "nello stato «Chiusa»", ">Non indicata</span>")
                .doesNotContain("data-action=\"take\"", "null");
        assertThat(already).contains("role=\"alert\" data-notice=\"already-taken\"",
                "Già presa in carico da op.rossi (01/12/2026 03:15:00)").doesNotContain("data-action=\"take\"");
    }

    @Test
    void theSentenceNamesThePartnerAndTheUrgencyEscaped() {
        LiveRows rows = liveRows(templates(messages()));

        assertThat(rows.announcement(report("cav-milano"), Locale.ITALIAN))
                .startsWith("Nuova segnalazione da ").endsWith(", urgenza: Emergenza.");
        assertThat(rows.announcement(report("no-such-partner"), Locale.ENGLISH))
                .isEqualTo("New report from no-such-partner, urgency: Emergency.");
    }
}
