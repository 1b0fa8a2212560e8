package it.pis.gateway.journal;

import it.pis.gateway.report.Report;

/**
 * A new report is durably in the journal (published once its transaction committed, on the intake
 * thread before the partner's answer): listeners must hand it off without blocking.
 */
public record ReportStored(Report report) {
}
