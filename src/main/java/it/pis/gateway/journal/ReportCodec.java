package it.pis.gateway.journal;

import it.pis.gateway.report.Report;
import tools.jackson.databind.json.JsonMapper;

/** Report <-> JSON, with the application's mapper (empty fields left out, ISO dates). */
public class ReportCodec {

    private final JsonMapper json;

    public ReportCodec(JsonMapper json) {
        this.json = json;
    }

    public String toJson(Report report) {
        return json.writeValueAsString(report);
    }

    public Report fromJson(String body) {
        return json.readValue(body, Report.class);
    }
}
