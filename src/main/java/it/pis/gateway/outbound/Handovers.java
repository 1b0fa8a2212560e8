package it.pis.gateway.outbound;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.agreement.AgreementSet;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.journal.HandoverJournal;
import it.pis.gateway.journal.HandoverJournal.Creation;
import it.pis.gateway.journal.HandoverJournal.NewDelivery;
import it.pis.gateway.journal.HandoverJournal.StoredHandover;
import it.pis.gateway.journal.ReportStore;
import it.pis.gateway.outbound.HandoverRefused.Problem;
import it.pis.gateway.policy.Minimization;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.TimeOrderedIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates handovers: checks the request, finds its reports and recipients, cuts the document down
 * for each recipient ({@link Minimization}), renders it in the recipient's format and journals the
 * handover with one delivery per recipient, all before answering. Nothing is journaled unless every
 * recipient can be sent to: the operator fixes the request rather than learning later that one
 * service got nothing.
 */
public class Handovers {

    private static final Logger log = LoggerFactory.getLogger(Handovers.class);

    /** A handover as journaled; {@code replayed} when an Idempotency-Key resend returned an earlier one. */
    public record Created(StoredHandover stored, boolean replayed) {
    }

    private final AgreementRegistry agreements;
    private final ReportStore reports;
    private final Minimization minimization;
    private final Map<String, HandoverRenderer> renderers;
    private final HandoverJournal journal;
    private final OutboundEndpoints endpoints;
    private final HandoverDocument.Party centre;
    private final HandoverRequestCheck requestCheck;
    private final Clock clock;
    private final Runnable wakeDispatcher;

    public Handovers(AgreementRegistry agreements, ReportStore reports, Minimization minimization,
                     Map<String, HandoverRenderer> renderers, HandoverJournal journal, OutboundEndpoints endpoints,
                     HandoverDocument.Party centre, long maxAttachmentBytes, Clock clock, Runnable wakeDispatcher) {
        this.agreements = agreements;
        this.reports = reports;
        this.minimization = minimization;
        this.renderers = Map.copyOf(renderers);
        this.journal = journal;
        this.endpoints = endpoints;
        this.centre = centre;
        this.requestCheck = new HandoverRequestCheck(maxAttachmentBytes);
        this.clock = clock;
        this.wakeDispatcher = wakeDispatcher;
    }

    /**
     * Journals the handover and its deliveries, or refuses it naming every problem.
     *
     * @param idempotencyKey the client's key, or null; a resend of the same request returns the same handover
     * @param rawRequest     the request bytes as received, to tell a resend from another request with the key
     * @throws HandoverRefused 400 (shape) or 422 (reports, recipients, agreements), nothing journaled
     */
    public Created create(HandoverRequest request, String idempotencyKey, byte[] rawRequest) {
        Optional<Created> earlier = journal.earlier(idempotencyKey, rawRequest).map(this::earlier);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Checked checked = check(request);
        List<Report> cases = checked.cases();
        List<Agreement> recipients = checked.recipients();
        List<Problem> problems = new ArrayList<>();
        Handover handover = handover(request, cases, clock.instant());
        for (int i = 0; i < recipients.size(); i++) {
            int index = i;
            minimization.refusal(handover, cases, recipients.get(i))
                    .ifPresent(why -> problems.add(new Problem("recipients[" + index + "]", why)));
        }
        if (!problems.isEmpty()) {
            throw new HandoverRefused(422, problems);
        }
        List<NewDelivery> deliveries = render(handover, cases, recipients, problems);
        if (!problems.isEmpty()) {
            throw new HandoverRefused(422, problems);
        }
        Creation creation = journal.create(handover, idempotencyKey, rawRequest, deliveries);
        if (!(creation instanceof Creation.Stored)) {
            return earlier(creation);
        }
        log.info("handover {} by {} journaled: {} deliveries to {}", handover.id(), handover.author(), deliveries.size(),
                handover.recipients());
        wakeDispatcher.run();
        return new Created(journal.find(handover.id()).orElseThrow(), false);
    }

    /** What one recipient would receive: its document, or why it may not receive this handover at all. */
    public record Preview(String recipient, String format, String refused, HandoverDocument document) {
    }

    /**
     * What each recipient would receive if the request were sent now, after minimization (the
     * document with its shared and withheld fields), without journaling or rendering anything.
     *
     * @throws HandoverRefused as {@link #create} would, for the request's shape and unknown reports or recipients
     */
    public List<Preview> preview(HandoverRequest request) {
        Checked checked = check(request);
        List<Report> cases = checked.cases();
        Handover handover = handover(request, cases, clock.instant());
        return checked.recipients().stream().map(recipient -> minimization.refusal(handover, cases, recipient)
                .map(why -> new Preview(recipient.id(), recipient.outbound().format(), why, null))
                .orElseGet(() -> new Preview(recipient.id(), recipient.outbound().format(), null,
                        minimization.document(handover, cases, recipient, centre, null)))).toList();
    }

    /** Asks the dispatcher to look for due deliveries now (after a staff retry, say). */
    public void wake() {
        wakeDispatcher.run();
    }

    private Created earlier(Creation creation) {
        if (creation instanceof Creation.KeyReused reused) {
            throw new HandoverRefused(422, List.of(new Problem("Idempotency-Key", "was used for another request"
                    + " (handover " + reused.handoverId() + "); use a new key for a new handover")));
        }
        return new Created(journal.find(creation.handoverId()).orElseThrow(), true);
    }

    /** The request's reports and recipients, once its shape (400) and their existence (422) are checked. */
    private record Checked(List<Report> cases, List<Agreement> recipients) {
    }

    private Checked check(HandoverRequest request) {
        List<Problem> shape = requestCheck.problems(request);
        if (!shape.isEmpty()) {
            throw new HandoverRefused(400, shape);
        }
        List<Problem> problems = new ArrayList<>();
        List<Report> cases = reports(request, problems);
        List<Agreement> recipients = recipients(request, problems);
        if (!problems.isEmpty()) {
            throw new HandoverRefused(422, problems);
        }
        return new Checked(cases, recipients);
    }

    private List<Report> reports(HandoverRequest request, List<Problem> problems) {
        List<Report> found = new ArrayList<>();
        for (int i = 0; i < request.reportIds().size(); i++) {
            UUID id = request.reportIds().get(i);
            Optional<Report> report = reports.find(id);
            if (report.isEmpty()) {
                problems.add(new Problem("reportIds[" + i + "]", "no report " + id));
            }
            report.ifPresent(found::add);
        }
        return found;
    }

    private List<Agreement> recipients(HandoverRequest request, List<Problem> problems) {
        AgreementSet set = agreements.current();
        List<Agreement> found = new ArrayList<>();
        for (int i = 0; i < request.recipients().size(); i++) {
            String id = request.recipients().get(i);
            String field = "recipients[" + i + "]";
            Optional<Agreement> agreement = set.byId(id);
            if (agreement.isEmpty()) {
                problems.add(new Problem(field, "no agreement '" + id + "' (GET /api/admin/agreements lists them)"));
            } else if (agreement.get().outbound() == null) {
                problems.add(new Problem(field, "agreement " + id + " has no outbound section: it receives nothing"));
            } else {
                found.add(agreement.get());
            }
        }
        if (request.placement() != null && set.byId(request.placement().partnerId()).isEmpty()) {
            problems.add(new Problem("placement.partnerId", "no agreement '" + request.placement().partnerId() + "'"));
        }
        return found;
    }

    private Handover handover(HandoverRequest r, List<Report> cases, Instant now) {
        UUID id = TimeOrderedIds.next();
        Handover.Placement placement = r.placement();
        if (placement != null && placement.placementId() == null) {
            placement = new Handover.Placement(placement.partnerId(), "PL-" + id, placement.structure(),
                    placement.from(), placement.to());
        }
        List<Handover.Attachment> attachments = r.attachments().stream().map(a -> {
            byte[] data = HandoverRequestCheck.decode(a.data());
            return new Handover.Attachment(a.name().strip(), a.mediaType(), sha256(data), data.length, data);
        }).toList();
        return new Handover(id, r.reportIds(), now, r.author().strip(), r.recipients(), r.summary().strip(),
                blankToNull(r.assessment()), r.actions(), r.interventions(), placement, r.urgentHelpProject(),
                r.judicialNotices(), attachments, Minimization.strictest(r.confidentiality(), cases));
    }

    private List<NewDelivery> render(Handover handover, List<Report> cases, List<Agreement> recipients,
                                     List<Problem> problems) {
        List<NewDelivery> deliveries = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            Agreement recipient = recipients.get(i);
            String field = "recipients[" + i + "]";
            HandoverRenderer renderer = renderers.get(recipient.outbound().format());
            if (renderer == null) {
                problems.add(new Problem(field, "no renderer for outbound.format " + recipient.outbound().format()));
                continue;
            }
            UUID deliveryId = TimeOrderedIds.next();
            HandoverDocument document = minimization.document(handover, cases, recipient, centre, deliveryId);
            try {
                Rendered rendered = renderer.render(document, recipient);
                deliveries.add(new NewDelivery(deliveryId, recipient.id(), recipient.outbound().channel(),
                        recipient.outbound().format(), endpoints.of(recipient), rendered.messageId(),
                        rendered.contentType(), rendered.content(), document.shared(), document.withheld(),
                        deadline(recipient, handover.createdAt())));
            } catch (UnrenderableHandover e) {
                problems.add(new Problem(field, recipient.id() + " (" + recipient.outbound().format() + "): "
                        + e.field() + ": " + e.getMessage()));
            }
        }
        return deliveries;
    }

    private static Instant deadline(Agreement recipient, Instant created) {
        String deadline = recipient.outbound().deadline();
        return deadline == null ? null : created.plus(Duration.parse(deadline));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
