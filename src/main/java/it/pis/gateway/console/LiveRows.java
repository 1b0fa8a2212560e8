package it.pis.gateway.console;

import it.pis.gateway.report.Report;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the live stream sends about a new report, rendered outside any request: the inbox row (the
 * same fragment as the page's) and one sentence for the live region, in the subscriber's language,
 * each on one line (an SSE data field ends at a line break).
 */
@Component
public class LiveRows {

    private final ITemplateEngine templates;
    private final MessageSource messages;
    private final PartnerDirectory partners;
    private final ConsoleTime time;

    public LiveRows(ITemplateEngine templates, MessageSource messages, PartnerDirectory partners, ConsoleTime time) {
        this.templates = templates;
        this.messages = messages;
        this.partners = partners;
        this.time = time;
    }

    /** The row, marked as just arrived; {@code base} is the servlet context path its links start with. */
    public String row(Report report, Locale locale, String base) {
        Context context = new Context(locale, Map.of(
                "r", ReportRow.of(report, partners.name(report.source().partnerId()), time).withNotice("inbox.live.new"),
                "base", base));
        return oneLine(templates.process("console/report-row", Set.of("row"), context));
    }

    /** "New report from X, urgency: Y.", escaped: htmx swaps it in as HTML. */
    public String announcement(Report report, Locale locale) {
        String urgency = report.urgency() == null ? messages.getMessage("urgency.none", null, locale)
                : messages.getMessage("urgency." + report.urgency().name(), null, locale);
        return HtmlUtils.htmlEscape(oneLine(messages.getMessage("inbox.live.arrived",
                new Object[]{partners.name(report.source().partnerId()), urgency}, locale)));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
