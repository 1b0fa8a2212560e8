package it.pis.gateway.console;

import it.pis.gateway.journal.AuditEvent;
import it.pis.gateway.journal.AuditTrail;
import it.pis.gateway.staff.AuditDesk;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code /console/audit} (AUDITOR): the audit trail searched by actor, action, subject and time,
 * newest first, a page at a time; and the check of its hash chain. Every search and every check is
 * itself recorded, as through the API.
 */
@Controller
@RequestMapping("/console/audit")
class AuditPage {

    static final int PAGE = 50;

    /** The actions the gateway records, offered as suggestions; any other text may be searched too. */
    static final List<String> ACTIONS = List.of("LOGIN", "LOGOUT", "ACCESS_DENIED", "REPORT_VIEW", "ORIGINAL_VIEW",
            "REPORT_TAKE", "HANDOVER_CREATE", "HANDOVER_VIEW", "DELIVERY_CONTENT_VIEW", "DELIVERY_RECEIPT_VIEW",
            "DELIVERY_RETRY", "AGREEMENTS_RELOAD", "USER_ADD", "USER_DISABLE", "USER_ENABLE", "USER_PASSWORD",
            "USER_ROLES", "AUDIT_SEARCH", "AUDIT_VERIFY", "RETENTION_PURGE");

    /** The search form as submitted; {@code from}/{@code to} as datetime-local values in the centre's zone. */
    record Search(String actor, String action, String target, String from, String to, String before) {
        static String blank(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        /** The row the page starts below; null for the newest. */
        Long beforeSeq() {
            return blank(before) == null ? null : Long.valueOf(before.strip());
        }
    }

    private final AuditDesk desk;
    private final ConsoleTime times;

    AuditPage(AuditDesk desk, ConsoleTime times) {
        this.desk = desk;
        this.times = times;
    }

    @GetMapping
    String search(@ModelAttribute("search") Search search, Model model, HttpServletResponse response) {
        Instant from;
        Instant to;
        Long before;
        try {
            from = times.instant(search.from());
            to = times.instant(search.to());
            before = search.beforeSeq();
        } catch (DateTimeParseException | NumberFormatException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("badInput", true);
            return page(model);
        }
        List<AuditEvent> found = desk.search(new AuditTrail.Query(Search.blank(search.actor()),
                Search.blank(search.action()), Search.blank(search.target()), from, to, before, PAGE + 1));
        model.addAttribute("events", found.size() > PAGE ? found.subList(0, PAGE) : found);
        model.addAttribute("nextBefore", found.size() > PAGE ? found.get(PAGE - 1).seq() : null);
        return page(model);
    }

    @PostMapping("/verify")
    String verify(@ModelAttribute("search") Search search, Model model, HttpServletResponse response) {
        AuditTrail.Verification verification = desk.verify();
        if (!verification.intact()) {
            response.setStatus(HttpStatus.CONFLICT.value());
        }
        model.addAttribute("verification", verification);
        return page(model);
    }

    private String page(Model model) {
        model.addAttribute("actions", ACTIONS);
        model.addAttribute("pageSize", PAGE);
        return "console/audit/audit";
    }
}
