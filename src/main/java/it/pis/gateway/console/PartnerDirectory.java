package it.pis.gateway.console;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The partners as the console names them: from the agreements in force (a reload shows at once). */
@Component
public class PartnerDirectory {

    private final AgreementRegistry agreements;

    public PartnerDirectory(AgreementRegistry agreements) {
        this.agreements = agreements;
    }

    /** The partner's name in its agreement, or the id if it has none (any more). */
    public String name(String id) {
        return id == null ? "" : agreements.current().byId(id).map(Agreement::name)
                .filter(n -> n != null && !n.isBlank()).orElse(id);
    }

    /** Every partner, by name (the inbox's filter). */
    public List<Agreement> all() {
        return agreements.current().all().stream().sorted(byName()).toList();
    }

    public Set<String> ids() {
        return agreements.current().all().stream().map(Agreement::id).collect(Collectors.toSet());
    }

    /** The partners a handover can be sent to: those whose agreement has an outbound section. */
    public List<Agreement> recipients() {
        return agreements.current().all().stream().filter(a -> a.outbound() != null).sorted(byName()).toList();
    }

    private static Comparator<Agreement> byName() {
        return Comparator.comparing((Agreement a) -> a.name() == null ? a.id() : a.name(), String.CASE_INSENSITIVE_ORDER);
    }
}
