package it.pis.gateway.outbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Reference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of a FHIR R4 document Bundle (R4 §3.3 "Documents", bdl-9/10/11, cmp-1) checked on a
 * parsed Bundle, naming each breach: type document, identifier and timestamp present, the
 * Composition first, unique fullUrls, every reference resolving to an entry, sections with text.
 * The same check runs on the IPS/EPS documents of the corpus, so that it is known to accept real ones.
 */
final class DocumentShape {

    private DocumentShape() {
    }

    static List<String> problems(FhirContext fhir, Bundle bundle) {
        List<String> problems = new ArrayList<>();
        if (bundle.getType() != Bundle.BundleType.DOCUMENT) {
            problems.add("type is " + bundle.getType() + ", not document");
        }
        if (!bundle.hasIdentifier() || !bundle.getIdentifier().hasSystem() || !bundle.getIdentifier().hasValue()) {
            problems.add("no identifier with system and value (bdl-9)");
        }
        if (!bundle.hasTimestamp()) {
            problems.add("no timestamp (bdl-10)");
        }
        if (bundle.getEntry().isEmpty() || !(bundle.getEntryFirstRep().getResource() instanceof Composition)) {
            problems.add("the first entry is not a Composition (bdl-11)");
        }
        Set<String> fullUrls = new HashSet<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (!entry.hasFullUrl() || !fullUrls.add(entry.getFullUrl())) {
                problems.add("entry without a unique fullUrl: " + entry.getFullUrl());
            }
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() == null) {
                problems.add("entry " + entry.getFullUrl() + " has no resource");
                continue;
            }
            for (Reference reference : fhir.newTerser().getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
                String target = reference.getReference();
                if (target != null && !target.startsWith("#") && !resolves(target, entry.getFullUrl(), fullUrls)) {
                    problems.add(entry.getResource().fhirType() + " refers to " + target + ", which is not in the Bundle");
                }
            }
        }
        if (bundle.getEntryFirstRep().getResource() instanceof Composition composition) {
            for (Composition.SectionComponent section : composition.getSection()) {
                if (!section.hasText() && section.getEntry().isEmpty() && section.getSection().isEmpty()) {
                    problems.add("section '" + section.getTitle() + "' has neither text nor entries (cmp-1)");
                }
            }
        }
        return problems;
    }

    /** A reference resolves to a fullUrl as it is, or relative to the referring entry's base (R4 §2.36.0.4). */
    private static boolean resolves(String target, String from, Set<String> fullUrls) {
        if (fullUrls.contains(target)) {
            return true;
        }
        if (from != null && from.startsWith("http") && target.matches("[A-Z][A-Za-z]+/[^/]+")) {
            String base = from.substring(0, from.lastIndexOf('/', from.lastIndexOf('/') - 1) + 1);
            return fullUrls.contains(base + target);
        }
        return false;
    }
}
