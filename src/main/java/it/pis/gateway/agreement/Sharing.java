package it.pis.gateway.agreement;

import it.pis.gateway.report.Confidentiality;

import java.util.List;

/** What the partner may receive: only these fields, only at these confidentiality levels. */
public record Sharing(List<String> fields, List<Confidentiality> confidentiality, Boolean allowLocationWhenLabelled) {

    public Sharing {
        fields = fields == null ? List.of() : List.copyOf(fields);
        confidentiality = confidentiality == null ? List.of() : List.copyOf(confidentiality);
    }
}
