package it.pis.gateway.console;

import it.pis.gateway.handover.Delivery;
import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.journal.HandoverJournal;
import it.pis.gateway.journal.HandoverJournal.RetryResult;
import it.pis.gateway.staff.HandoverDesk;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * {@code /console/admin/deliveries}: deliveries that gave up (DEAD) or were refused by the recipient
 * (REFUSED), with what went wrong, and a button that restarts one. Ids, times and errors only:
 * what was sent is personal data and stays on the operators' pages.
 */
@Controller
@RequestMapping("/console/admin/deliveries")
class DeliveriesPage {

    /** Handovers looked at per page: the newest with a delivery in the state asked for. */
    static final int LIMIT = 200;

    /** What the retry button did, for the page's live region. */
    record Retried(String outcome, UUID handover, String agreement, String state) {
    }

    private final HandoverJournal journal;
    private final HandoverDesk desk;

    DeliveriesPage(HandoverJournal journal, HandoverDesk desk) {
        this.journal = journal;
        this.desk = desk;
    }

    @GetMapping
    String list(@RequestParam(defaultValue = "DEAD") String state, Model model, HttpServletResponse response) {
        DeliveryState wanted = retryable(state);
        if (wanted == null) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("badState", state);
            wanted = DeliveryState.DEAD;
        }
        DeliveryState shown = wanted;
        List<Delivery> deliveries = journal.list(shown, null, LIMIT).stream()
                .flatMap(h -> h.deliveries().stream()).filter(d -> d.state() == shown && d.contentPurgedAt() == null)
                .sorted(Comparator.comparing(Delivery::updatedAt).reversed()).toList();
        model.addAttribute("state", shown.name());
        model.addAttribute("deliveries", deliveries);
        model.addAttribute("limit", LIMIT);
        return "console/admin/deliveries";
    }

    @PostMapping("/{handover}/{agreement}/retry")
    String retry(@PathVariable UUID handover, @PathVariable String agreement,
                 @RequestParam(defaultValue = "DEAD") String state, Model model, HttpServletResponse response) {
        RetryResult result = desk.retry(handover, agreement);
        Retried retried;
        if (result instanceof RetryResult.NotFound) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            retried = new Retried("notFound", handover, agreement, null);
        } else if (result instanceof RetryResult.NotRetryable not) {
            response.setStatus(HttpStatus.CONFLICT.value());
            retried = new Retried("notRetryable", handover, agreement, not.state().name());
        } else if (result instanceof RetryResult.Purged purged) {
            response.setStatus(HttpStatus.GONE.value());
            retried = new Retried("purged", handover, agreement, purged.rule());
        } else {
            retried = new Retried("restarted", handover, agreement, null);
        }
        model.addAttribute("retried", retried);
        return list(state, model, response);
    }

    private static DeliveryState retryable(String state) {
        for (DeliveryState s : DeliveryState.values()) {
            if (s.retryable() && s.name().equalsIgnoreCase(state.strip())) {
                return s;
            }
        }
        return null;
    }
}
