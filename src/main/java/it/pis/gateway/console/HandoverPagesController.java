package it.pis.gateway.console;

import it.pis.gateway.handover.Delivery;
import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.journal.HandoverJournal;
import it.pis.gateway.journal.HandoverJournal.RetryResult;
import it.pis.gateway.journal.HandoverJournal.StoredHandover;
import it.pis.gateway.staff.HandoverDesk;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Following handovers: the list with each delivery's state, one handover (its opening recorded)
 * with its deliveries refreshed by htmx polling until every one is settled, and a retry for a
 * DEAD or REFUSED delivery. The polled fragment shows delivery states only, so it is not recorded
 * at each poll.
 */
@Controller
class HandoverPagesController {

    static final int LIST_SIZE = 100;

    private final HandoverDesk desk;
    private final HandoverJournal journal;
    private final PartnerDirectory partners;
    private final ConsoleTime time;

    HandoverPagesController(HandoverDesk desk, HandoverJournal journal, PartnerDirectory partners, ConsoleTime time) {
        this.desk = desk;
        this.journal = journal;
        this.partners = partners;
        this.time = time;
    }

    /** One line of the list: the handover's envelope and its deliveries' states. */
    record HandoverLine(String id, String created, String author, List<DeliveryRow> deliveries) {
    }

    @GetMapping("/console/handovers")
    String list(@RequestParam(required = false) String state, Model model) {
        DeliveryState filter = null;
        if (state != null && !state.isBlank()) {
            filter = Arrays.stream(DeliveryState.values()).filter(s -> s.name().equals(state)).findFirst().orElse(null);
            model.addAttribute("stateProblem", filter == null);
        }
        model.addAttribute("state", filter == null ? "" : filter.name());
        model.addAttribute("states", Arrays.stream(DeliveryState.values()).map(Enum::name).toList());
        model.addAttribute("handovers", journal.list(filter, null, LIST_SIZE).stream()
                .map(h -> new HandoverLine(h.handover().id().toString(), time.show(h.handover().createdAt()),
                        h.handover().author(), rows(h.deliveries()))).toList());
        model.addAttribute("listSize", LIST_SIZE);
        return "console/handovers";
    }

    @GetMapping("/console/handovers/{id}")
    String handover(@PathVariable String id, @RequestParam(required = false) String sent, Model model) {
        StoredHandover stored = desk.open(ConsolePaths.uuid(id))
                .orElseThrow(() -> new ConsolePaths.NotFound("handover.notFound"));
        model.addAttribute("handover", stored.handover());
        model.addAttribute("created", time.show(stored.handover().createdAt()));
        model.addAttribute("purgedAt", stored.purgedAt() == null ? null : time.show(stored.purgedAt()));
        model.addAttribute("recipientNames", stored.handover().recipients().stream().map(partners::name).toList());
        model.addAttribute("sent", sent != null);
        deliveries(stored, model);
        return "console/handover";
    }

    /** The fragment htmx polls. */
    @GetMapping("/console/handovers/{id}/deliveries")
    String deliveries(@PathVariable String id, Model model) {
        StoredHandover stored = journal.find(ConsolePaths.uuid(id))
                .orElseThrow(() -> new ConsolePaths.NotFound("handover.notFound"));
        deliveries(stored, model);
        return "console/handover :: deliveries";
    }

    /** The fragment again: restarted, 409 naming the state that cannot be retried, or 410 once purged. */
    @PostMapping("/console/handovers/{id}/deliveries/{agreement}/retry")
    String retry(@PathVariable String id, @PathVariable String agreement, HttpServletResponse response, Model model) {
        UUID uuid = ConsolePaths.uuid(id);
        RetryResult result = desk.retry(uuid, agreement);
        if (result instanceof RetryResult.NotFound) {
            throw new ConsolePaths.NotFound("handover.deliveryNotFound");
        }
        if (result instanceof RetryResult.NotRetryable not) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("retryProblem", not.state().name());
        } else if (result instanceof RetryResult.Purged purged) {
            response.setStatus(HttpServletResponse.SC_GONE);
            model.addAttribute("retryPurged", purged.rule());
        } else {
            model.addAttribute("retried", agreement);
        }
        model.addAttribute("retriedName", partners.name(agreement));
        deliveries(journal.find(uuid).orElseThrow(() -> new ConsolePaths.NotFound("handover.notFound")), model);
        return "console/handover :: deliveries";
    }

    private void deliveries(StoredHandover stored, Model model) {
        model.addAttribute("handoverId", stored.handover().id().toString());
        model.addAttribute("deliveries", rows(stored.deliveries()));
        model.addAttribute("polling", !DeliveryRow.allSettled(stored.deliveries()));
    }

    private List<DeliveryRow> rows(List<Delivery> deliveries) {
        return deliveries.stream().map(d -> DeliveryRow.of(d, partners.name(d.recipient()), time)).toList();
    }
}
