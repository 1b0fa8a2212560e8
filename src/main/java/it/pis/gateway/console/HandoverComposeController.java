package it.pis.gateway.console;

import it.pis.gateway.journal.ReportStore;
import it.pis.gateway.outbound.HandoverRefused;
import it.pis.gateway.outbound.HandoverRequest;
import it.pis.gateway.outbound.Handovers;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.staff.HandoverDesk;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Composing a handover: the reports it is about, the recipients (agreements with an outbound
 * section), the operator's texts; a preview per recipient of exactly what would leave and what is
 * withheld and why (the desk's preview, the same check as {@code POST /api/handovers/preview});
 * then sending, once, with the form's Idempotency-Key.
 */
@Controller
class HandoverComposeController {

    private final HandoverDesk desk;
    private final ReportStore reports;
    private final PartnerDirectory partners;
    private final ConsoleTime time;
    private final JsonMapper json;

    HandoverComposeController(HandoverDesk desk, ReportStore reports, PartnerDirectory partners, ConsoleTime time,
                              JsonMapper json) {
        this.desk = desk;
        this.reports = reports;
        this.partners = partners;
        this.time = time;
        this.json = json;
    }

    @GetMapping("/console/handovers/new")
    String compose(@RequestParam(name = "report", required = false) List<String> reportIds, Model model) {
        return page(HandoverForm.start(reportIds, time.now()), List.of(), model);
    }

    /** htmx: the per-recipient preview; nothing is stored. 400/422 with the problems when it cannot be sent. */
    @PostMapping("/console/handovers/preview")
    String preview(@ModelAttribute HandoverForm form, HttpServletResponse response, Model model) {
        HandoverForm.Read read = form.read();
        if (!read.problems().isEmpty()) {
            return previewProblems(response, 400, Problem.of(read.problems()), model);
        }
        try {
            model.addAttribute("previews", desk.preview(read.request()).stream()
                    .map(p -> RecipientPreview.of(p, partners.name(p.recipient()))).toList());
        } catch (HandoverRefused e) {
            return previewProblems(response, e.status(), Problem.of(e), model);
        }
        return "console/handover-new :: preview";
    }

    /** Sends, then redirects to the handover's page; a resend of the same form (same key) goes to the same handover. */
    @PostMapping("/console/handovers")
    String send(@ModelAttribute HandoverForm form, HttpServletResponse response, Model model) {
        HandoverForm.Read read = form.read();
        if (!read.problems().isEmpty()) {
            response.setStatus(400);
            return page(form, Problem.of(read.problems()), model);
        }
        HandoverRequest request = desk.withAuthor(read.request());
        try {
            Handovers.Created created = desk.create(request, form.idempotencyKey(), json.writeValueAsBytes(request));
            return "redirect:/console/handovers/" + created.stored().handover().id() + "?sent";
        } catch (HandoverRefused e) {
            response.setStatus(e.status());
            return page(form, Problem.of(e), model);
        }
    }

    /** A problem to show: a message key of the console's own, or a field and the desk's message. */
    record Problem(String key, String field, String message) {
        static List<Problem> of(List<String> keys) {
            return keys.stream().map(k -> new Problem(k, null, null)).toList();
        }

        static List<Problem> of(HandoverRefused refused) {
            return refused.problems().stream().map(p -> new Problem(null, p.field(), p.message())).toList();
        }
    }

    /** One of the reports the handover is about, as the compose page lists it (no personal data). */
    record ReportLine(String id, String partner, String received, String urgency, boolean found) {
    }

    private String page(HandoverForm form, List<Problem> problems, Model model) {
        List<ReportLine> lines = new ArrayList<>();
        List<Problem> all = new ArrayList<>(problems);
        for (String id : form.reports()) {
            Optional<UUID> uuid = uuid(id);
            lines.add(uuid.flatMap(reports::find).map(r -> new ReportLine(r.id().toString(),
                    partners.name(r.source().partnerId()), time.show(r.receivedAt()),
                    r.urgency() == null ? null : r.urgency().name(), true))
                    .orElseGet(() -> new ReportLine(id, null, null, null, false)));
        }
        if (form.reports().isEmpty()) {
            all.add(new Problem("compose.problem.noReport", null, null));
        }
        model.addAttribute("form", form);
        model.addAttribute("reportLines", lines);
        model.addAttribute("recipients", partners.recipients());
        model.addAttribute("levels", List.of(Confidentiality.RESTRICTED.name(), Confidentiality.VERY_RESTRICTED.name()));
        model.addAttribute("problems", all);
        return "console/handover-new";
    }

    private static String previewProblems(HttpServletResponse response, int status, List<Problem> problems, Model model) {
        response.setStatus(status);
        model.addAttribute("previewProblems", problems);
        return "console/handover-new :: preview";
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(Objects.requireNonNullElse(id, "").strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
