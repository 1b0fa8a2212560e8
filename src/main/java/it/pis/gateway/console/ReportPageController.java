package it.pis.gateway.console;

import it.pis.gateway.journal.ReportStore;
import it.pis.gateway.report.Report;
import it.pis.gateway.staff.ReportDesk;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * One report as the operator reads it: the normalized report (its opening recorded), codice
 * fiscale problems flagged, the original message only once a reason is given (recorded with it,
 * through the same desk as {@code GET /api/reports/{id}/original?reason=}).
 */
@Controller
class ReportPageController {

    private final ReportDesk desk;
    private final PartnerDirectory partners;
    private final ConsoleTime time;

    ReportPageController(ReportDesk desk, PartnerDirectory partners, ConsoleTime time) {
        this.desk = desk;
        this.partners = partners;
        this.time = time;
    }

    /** The original as shown: text in its own charset, segments on their own lines. */
    /** {@code purgedAt}: when the retention purge removed the bytes (shown instead of them); null while kept. */
    record OriginalView(String messageId, String channel, String messageType, String receivedAt, int length, String text,
                        String purgedAt) {
        static OriginalView of(ReportStore.Original o, ConsoleTime time) {
            Charset charset = StandardCharsets.ISO_8859_1;
            try {
                if (o.charset() != null) {
                    charset = Charset.forName(o.charset());
                }
            } catch (IllegalArgumentException unknownCharset) {
                // shown as Latin-1: every byte stays visible
            }
            String text = new String(o.raw(), charset).replace("\r\n", "\n").replace('\r', '\n');
            return new OriginalView(o.messageId(), o.channel(), o.messageType(), time.show(o.receivedAt()),
                    o.raw().length, text, o.rawPurgedAt() == null ? null : time.show(o.rawPurgedAt()));
        }
    }

    @GetMapping("/console/reports/{id}")
    String report(@PathVariable String id, Model model) {
        show(ConsolePaths.uuid(id), model);
        return "console/report";
    }

    /** htmx: the original's panel only; without htmx: the whole page with the original open. */
    @PostMapping("/console/reports/{id}/original")
    String original(@PathVariable String id, @RequestParam(required = false) String reason,
                    @RequestHeader(name = "HX-Request", required = false) String htmx,
                    HttpServletResponse response, Model model) {
        UUID uuid = ConsolePaths.uuid(id);
        Optional<ReportDesk.ReasonProblem> problem = ReportDesk.reasonProblem(reason);
        if (problem.isPresent()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("reasonProblem", problem.get() == ReportDesk.ReasonProblem.MISSING
                    ? "report.original.reasonMissing" : "report.original.reasonTooLong");
            model.addAttribute("reason", reason);
        } else {
            ReportStore.Original original = desk.original(uuid, reason)
                    .orElseThrow(() -> new ConsolePaths.NotFound("report.original.none"));
            model.addAttribute("original", OriginalView.of(original, time));
            model.addAttribute("reason", reason.strip());
        }
        model.addAttribute("reportId", uuid.toString());
        model.addAttribute("maxReason", ReportDesk.MAX_REASON);
        if (htmx != null) {
            return "console/report :: original";
        }
        show(uuid, model);
        return "console/report";
    }

    private void show(UUID id, Model model) {
        Report report = desk.open(id).orElseThrow(() -> new ConsolePaths.NotFound("report.notFound"));
        model.addAttribute("report", report);
        model.addAttribute("reportId", id.toString());
        model.addAttribute("partnerName", partners.name(report.source().partnerId()));
        model.addAttribute("received", time.show(report.receivedAt()));
        model.addAttribute("takenAt", report.taken() == null ? null : time.show(report.taken().at()));
        model.addAttribute("maxReason", ReportDesk.MAX_REASON);
    }
}
