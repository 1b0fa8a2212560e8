package it.pis.gateway.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The suite's result, one row per case: printed to stdout and written to target/faults-table.md. */
final class FaultsTable {

    record Row(String fault, int sent, int acknowledged, int reports, int lost, int duplicated, int published,
               int outOfOrder, String refusals, String recovery) {
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized String markdown() {
        StringBuilder table = new StringBuilder("| case | sent | ACKed (AA) | reports | lost | duplicated | on the queue | out of order | refusals (AE) | recovery |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            table.append("| ").append(r.fault()).append(" | ").append(r.sent()).append(" | ").append(r.acknowledged())
                    .append(" | ").append(r.reports()).append(" | ").append(r.lost()).append(" | ").append(r.duplicated())
                    .append(" | ").append(r.published() < 0 ? "–" : String.valueOf(r.published()))
                    .append(" | ").append(r.outOfOrder() < 0 ? "–" : String.valueOf(r.outOfOrder()))
                    .append(" | ").append(r.refusals()).append(" | ").append(r.recovery()).append(" |\n");
        }
        return table.toString();
    }

    void write(Path file) throws IOException {
        String table = markdown();
        System.out.println("\nFaults under load (lost: ACKed without a report; duplicated: more than one report,"
                + " or a report delivered more than once to the queue's consumer; out of order: a report that reached the"
                + " queue before an earlier message of the same connection)\n" + table);
        Files.createDirectories(file.getParent());
        Files.writeString(file, table);
    }
}
