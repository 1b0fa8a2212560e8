package it.pis.gateway.outbound;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementCheck;
import it.pis.gateway.agreement.AgreementProblem;
import it.pis.gateway.agreement.Outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the schema cannot say about an {@code outbound} section: which channel, signature,
 * encryption and endpoint each format goes with. An agreement that asks for a combination the
 * gateway does not build is refused at load, naming the field, not discovered at the first send.
 */
public final class OutboundAgreementCheck implements AgreementCheck {

    private record Rule(String channel, Set<String> sign, Set<String> encrypt, Set<String> schemes) {
    }

    private static final Map<String, Rule> RULES = Map.of(
            "hl7v2-mdm", new Rule("hl7v2-mllp", Set.of("none", "cades"), Set.of("none", "tls-only"),
                    Set.of("mllp", "mllps")),
            "fhir-document", new Rule("fhir-rest", Set.of("none", "jws"), Set.of("tls-only"), Set.of("https")),
            "soap-handover", new Rule("soap", Set.of("wss"), Set.of("tls-only"), Set.of("https")),
            "json-handover", new Rule("json-rest", Set.of("none"), Set.of("tls-only", "cms"), Set.of("https")),
            "json-placement", new Rule("json-rest", Set.of("none"), Set.of("tls-only", "cms"), Set.of("https")),
            "segnatura-xml", new Rule("pec", Set.of("cades"), Set.of("none"), Set.of("mailto")));

    @Override
    public List<AgreementProblem> check(Agreement agreement, String file) {
        Outbound out = agreement.outbound();
        List<AgreementProblem> problems = new ArrayList<>();
        if (out == null) {
            return problems;
        }
        Rule rule = RULES.get(out.format());
        if (rule == null) {
            problems.add(new AgreementProblem(file, "outbound.format", "'" + out.format() + "' is not built"));
            return problems;
        }
        if (!rule.channel().equals(out.channel())) {
            problems.add(new AgreementProblem(file, "outbound.channel", "format " + out.format() + " goes over "
                    + rule.channel() + ", not " + out.channel()));
        }
        if (!rule.sign().contains(out.sign())) {
            problems.add(new AgreementProblem(file, "outbound.sign", "format " + out.format() + " is signed with one of "
                    + rule.sign() + ", not " + out.sign()));
        }
        if (!rule.encrypt().contains(out.encrypt())) {
            problems.add(new AgreementProblem(file, "outbound.encrypt", "format " + out.format()
                    + " is encrypted with one of " + rule.encrypt() + ", not " + out.encrypt()));
        }
        String scheme = out.endpoint().substring(0, Math.max(out.endpoint().indexOf(':'), 0));
        if (!rule.schemes().contains(scheme)) {
            problems.add(new AgreementProblem(file, "outbound.endpoint", "channel " + rule.channel()
                    + " needs a " + String.join(" or ", rule.schemes()) + ": endpoint, not " + out.endpoint()));
        }
        if ("cms".equals(out.encrypt()) && out.certificate() == null) {
            problems.add(new AgreementProblem(file, "outbound.certificate", "encrypt: cms needs the recipient's"
                    + " certificate (a file in the certificates folder)"));
        }
        if ("tls-only".equals(out.encrypt()) && "mllp".equals(scheme)) {
            problems.add(new AgreementProblem(file, "outbound.endpoint", "encrypt: tls-only needs an mllps: endpoint"));
        }
        return problems;
    }
}
