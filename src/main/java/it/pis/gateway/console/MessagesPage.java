package it.pis.gateway.console;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.journal.MessageHistory;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;

import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code /console/admin/messages}: the journal's messages in (and deliveries out) searched by
 * partner, channel, outcome, time and the partner's own message id, a page at a time, each with a
 * page of its own. Ids, times, outcomes and causes only: the bytes, the report and the refusal's
 * text can carry personal data, which ADMIN does not read.
 */
@Controller
@RequestMapping("/console/admin/messages")
class MessagesPage {

    static final int PAGE = 50;
    static final int MAX_PAGE = 10_000;
    static final List<String> CHANNELS = List.of("hl7v2-mllp", "fhir-rest", "soap", "json-rest", "pec");
    static final List<String> OUTCOMES_IN = List.of("ACCEPTED", "DUPLICATE", "REJECTED");
    static final List<String> OUTCOMES_OUT = Arrays.stream(DeliveryState.values()).map(Enum::name).toList();

    /** The search form as submitted: {@code direction} in or out, times as datetime-local values, pages from 1. */
    record Search(String direction, String partner, String channel, String outcome, String from, String to,
                  String externalId, String page) {

        public boolean out() {
            return "out".equals(direction);
        }

        static String blank(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }

    private final MessageHistory history;
    private final AgreementRegistry agreements;
    private final ConsoleTimes times;

    MessagesPage(MessageHistory history, AgreementRegistry agreements, ConsoleTimes times) {
        this.history = history;
        this.agreements = agreements;
        this.times = times;
    }

    @GetMapping
    String search(@ModelAttribute("search") Search search, Model model, HttpServletResponse response) {
        model.addAttribute("partners", agreements.current().all().stream().map(Agreement::id).sorted().toList());
        model.addAttribute("channels", CHANNELS);
        model.addAttribute("outcomes", search.out() ? OUTCOMES_OUT : OUTCOMES_IN);
        String problem = problem(search);
        if (problem != null) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("problem", problem);
            return "console/admin/messages";
        }
        int page = Search.blank(search.page()) == null ? 1 : Integer.parseInt(search.page().strip());
        MessageHistory.Query query = new MessageHistory.Query(Search.blank(search.partner()),
                Search.blank(search.channel()), Search.blank(search.outcome()), times.instant(search.from()),
                times.instant(search.to()), Search.blank(search.externalId()), (page - 1) * PAGE, PAGE + 1);
        List<?> found = search.out() ? history.sent(query) : history.received(query);
        model.addAttribute("results", found.size() > PAGE ? found.subList(0, PAGE) : found);
        model.addAttribute("page", page);
        model.addAttribute("more", found.size() > PAGE);
        return "console/admin/messages";
    }

    @GetMapping("/in/{id}")
    String received(@PathVariable String id, Model model) {
        model.addAttribute("received", history.received(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        return "console/admin/message";
    }

    @GetMapping("/out/{id}")
    String sent(@PathVariable String id, Model model) {
        model.addAttribute("sent", history.sent(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        return "console/admin/message";
    }

    /** The message key saying what is wrong with the search, or null when it can run. */
    private String problem(Search search) {
        if (search.direction() != null && !search.direction().equals("in") && !search.direction().equals("out")) {
            return "messages.problem.direction";
        }
        String outcome = Search.blank(search.outcome());
        if (outcome != null && !(search.out() ? OUTCOMES_OUT : OUTCOMES_IN).contains(outcome)) {
            return "messages.problem.outcome";
        }
        try {
            times.instant(search.from());
            times.instant(search.to());
        } catch (DateTimeParseException e) {
            return "messages.problem.time";
        }
        String page = Search.blank(search.page());
        if (page != null && !(page.matches("\\d{1,5}") && Integer.parseInt(page) >= 1 && Integer.parseInt(page) <= MAX_PAGE)) {
            return "messages.problem.page";
        }
        return null;
    }
}
