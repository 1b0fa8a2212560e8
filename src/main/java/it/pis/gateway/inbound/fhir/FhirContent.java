package it.pis.gateway.inbound.fhir;

import ca.uhn.fhir.parser.IParser;
import it.pis.gateway.inbound.ContentHash;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;

/**
 * The content hash of a FHIR resource for comparing two uses of one idempotency key, on the
 * resource as parsed (so JSON and XML, pretty or not, of one content hash alike). A genuine resend
 * may change, and the hash leaves out: {@code Bundle.timestamp} and {@code Bundle.signature} (made
 * per send); the logical id of the resource sent (a create ignores it, and where it is the key it
 * is the same anyway); and in every resource's {@code meta} the {@code lastUpdated}, the
 * {@code versionId} and the request id HAPI appends to {@code meta.source} after a {@code #}.
 * Everything else (entries, their fullUrls and ids, profiles and security labels) is content.
 */
final class FhirContent {

    private FhirContent() {
    }

    static String hash(IParser compactJson, Resource resource) {
        Resource copy = resource.copy();
        copy.setIdElement(null);
        withoutSendDetails(copy);
        if (copy instanceof Bundle bundle) {
            bundle.setTimestamp(null);
            bundle.setSignature(null);
            bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(r -> r != null).forEach(FhirContent::withoutSendDetails);
        }
        return ContentHash.of(compactJson.encodeResourceToString(copy));
    }

    private static void withoutSendDetails(Resource resource) {
        if (!resource.hasMeta()) {
            return;
        }
        Meta meta = resource.getMeta();
        meta.setLastUpdated(null);
        meta.setVersionId(null);
        if (meta.hasSource() && meta.getSource().contains("#")) {
            meta.setSource(meta.getSource().substring(0, meta.getSource().indexOf('#')));
        }
    }
}
