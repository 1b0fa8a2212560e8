package it.pis.gateway.journal;

/**
 * What one purge run removed: raw messages whose bytes were blanked (the row stays), reports deleted,
 * acknowledged deliveries and failed (DEAD or REFUSED) ones whose content and receipt were blanked (the
 * row stays), handovers cut down to their envelope (the row stays), placement decisions whose note was
 * removed (the row stays).
 */
public record PurgeCounts(long rawMessagesBlanked, long reportsDeleted, long deliveriesBlanked,
                          long failedDeliveriesBlanked, long handoversEnveloped, long placementNotesRemoved) {

    /** The inbound counts only. */
    public PurgeCounts(long rawMessagesBlanked, long reportsDeleted) {
        this(rawMessagesBlanked, reportsDeleted, 0, 0, 0, 0);
    }

    public boolean anything() {
        return rawMessagesBlanked > 0 || reportsDeleted > 0 || deliveriesBlanked > 0 || failedDeliveriesBlanked > 0
                || handoversEnveloped > 0 || placementNotesRemoved > 0;
    }

    /** As the audit trail and the CLI show it: per table. */
    public String describe() {
        return "inbound_message.raw blanked: " + rawMessagesBlanked + "; report deleted: " + reportsDeleted
                + "; delivery content and receipt blanked: " + deliveriesBlanked + " acknowledged, "
                + failedDeliveriesBlanked + " failed; handover body cut to its envelope: "
                + handoversEnveloped + "; placement_decision.note removed: " + placementNotesRemoved;
    }
}
