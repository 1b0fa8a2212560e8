package it.pis.gateway.console;

import it.pis.gateway.report.Report;

import java.util.List;

/**
 * One line of the inbox, as shown: times already in the centre's zone, so that the same fragment
 * renders the page and the live stream's rows.
 *
 * @param notice message key of what happened to the row (taken, already taken), or null
 */
public record ReportRow(String id, String received, String receivedIso, String partnerId, String partnerName,
                        String channel, String urgency, List<String> targetGroups, String status, String takenBy,
                        String takenAt, String notice) {

    public static ReportRow of(Report report, String partnerName, ConsoleTime time) {
        return new ReportRow(report.id().toString(), time.show(report.receivedAt()), report.receivedAt().toString(),
                report.source().partnerId(), partnerName == null ? report.source().partnerId() : partnerName,
                report.source().channel(), report.urgency() == null ? null : report.urgency().name(),
                report.targetGroups().stream().map(Enum::name).toList(), report.status().name(),
                report.taken() == null ? null : report.taken().by(),
                report.taken() == null ? null : time.show(report.taken().at()), null);
    }

    public ReportRow withNotice(String key) {
        return new ReportRow(id, received, receivedIso, partnerId, partnerName, channel, urgency, targetGroups, status,
                takenBy, takenAt, key);
    }

    public boolean takeable() {
        return "NEW".equals(status);
    }
}
