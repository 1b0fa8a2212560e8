package it.pis.gateway.journal;

/**
 * What one purge run removed: raw messages whose bytes were blanked (the row stays), and reports deleted.
 */
public record PurgeCounts(long rawMessagesBlanked, long reportsDeleted) {

    public boolean anything() {
        return rawMessagesBlanked > 0 || reportsDeleted > 0;
    }

    /** As the audit trail and the CLI show it: per table. */
    public String describe() {
        return "inbound_message.raw blanked: " + rawMessagesBlanked + "; report deleted: " + reportsDeleted;
    }
}
