package it.pis.gateway.console;

import it.pis.gateway.journal.ReportStore;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import it.pis.gateway.staff.ReportDesk;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The inbox: the reports board with its filters, new reports live (server-sent events), and
 * "take in charge" (htmx answers the row; a plain form post goes back to the report's page).
 */
@Controller
class InboxController {

    static final int BOARD_SIZE = 200;

    private final ReportStore reports;
    private final ReportDesk desk;
    private final ReportFeed feed;
    private final PartnerDirectory partners;
    private final ConsoleTime time;

    InboxController(ReportStore reports, ReportDesk desk, ReportFeed feed, PartnerDirectory partners, ConsoleTime time) {
        this.reports = reports;
        this.desk = desk;
        this.feed = feed;
        this.partners = partners;
        this.time = time;
    }

    /** The list is the board (left open all night): not recorded per request; opening one report is. */
    @GetMapping("/console/reports")
    String inbox(@RequestParam(required = false) String status, @RequestParam(required = false) String partner,
                 @RequestParam(required = false) String period, HttpServletRequest request, Model model) {
        InboxFilter filter = InboxFilter.parse(status, partner, period, partners.ids());
        List<ReportRow> rows = reports.list(filter.status(), filter.partner(), filter.since(time.now()), BOARD_SIZE)
                .stream().map(this::row).toList();
        model.addAttribute("filter", filter);
        model.addAttribute("rows", rows);
        model.addAttribute("partners", partners.all());
        model.addAttribute("statuses", Arrays.stream(ReportStatus.values()).map(Enum::name).toList());
        model.addAttribute("periods", InboxFilter.Period.values());
        model.addAttribute("boardSize", BOARD_SIZE);
        model.addAttribute("base", request.getContextPath());
        return "console/reports";
    }

    @GetMapping(path = "/console/reports/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam(required = false) String status, @RequestParam(required = false) String partner,
                      @RequestParam(required = false) String period, HttpServletRequest request, Locale locale) {
        return feed.subscribe(InboxFilter.parse(status, partner, period, partners.ids()), locale, request.getContextPath());
    }

    /**
     * htmx: the row again, taken (200), or naming who took it first (409) or gone (404). Without
     * htmx: back to the report's page with the outcome.
     */
    @PostMapping("/console/reports/{id}/take")
    String take(@PathVariable String id, @RequestHeader(name = "HX-Request", required = false) String htmx,
                HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        ReportStore.TakeResult result = desk.take(ConsolePaths.uuid(id));
        ReportRow row;
        if (result instanceof ReportStore.TakeResult.Taken taken) {
            row = row(taken.report()).withNotice("inbox.take.done");
        } else if (result instanceof ReportStore.TakeResult.AlreadyTaken already) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            // a report closed without being taken has nobody to name
            row = row(already.report()).withNotice(already.report().taken() == null ? "inbox.take.notNew" : "inbox.take.already");
        } else {
            throw new ConsolePaths.NotFound("report.notFound");
        }
        if (htmx == null) {
            redirect.addFlashAttribute("takeNotice", row.notice());
            return "redirect:/console/reports/" + row.id();
        }
        model.addAttribute("r", row);
        model.addAttribute("base", request.getContextPath());
        return "console/report-row :: row";
    }

    private ReportRow row(Report report) {
        return ReportRow.of(report, partners.name(report.source().partnerId()), time);
    }
}
