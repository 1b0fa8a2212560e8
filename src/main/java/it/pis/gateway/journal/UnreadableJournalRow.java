package it.pis.gateway.journal;

/** A sealed journal value that cannot be opened: its key is not configured, or it was changed. */
public class UnreadableJournalRow extends RuntimeException {

    public UnreadableJournalRow(String table, String rowId, String why) {
        super(table + " row " + rowId + " is unreadable: " + why);
    }
}
