package it.pis.gateway.inbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import it.pis.gateway.agreement.Channels;
import it.pis.gateway.agreement.InboundChannel;
import it.pis.gateway.crypto.ModiRefused;
import it.pis.gateway.crypto.ModiRestIntegrity;
import it.pis.gateway.inbound.CertificateIdentification;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.inbound.InboundRejection.Cause;
import it.pis.gateway.inbound.InboundRejection.Kind;
import it.pis.gateway.inbound.MappingException;
import it.pis.gateway.inbound.PartnerRequest;
import it.pis.gateway.inbound.ReportAssembler;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Resource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * First steps of the FHIR R4 channel, each refusal naming its cause and the agreement rule:
 * <ol>
 * <li>who sent it: the agreement of the TLS client certificate ({@link CertificateIdentification});</li>
 * <li>ModI INTEGRITY_REST_01 when the agreement says {@code modi} ({@link ModiRestIntegrity}),
 *     on the bytes as received and before anything parses them;</li>
 * <li>parse with HAPI R4 in strict mode (unknown elements and malformed values are errors):
 *     JSON or XML by Content-Type; any parser failure, HAPI's NullPointerException for
 *     {@code "extension": null} included, is a 400;</li>
 * <li>the resource fits the endpoint ({@code [base]}: transaction or batch Bundle;
 *     {@code $process-message}: message Bundle; {@code [base]/[type]}: that type, a Bundle only
 *     as a collection) and the agreement accepts it ({@code accept} lists resource types, and
 *     {@code $process-message} also accepts message Bundles);</li>
 * <li>no element required by R4 is missing ({@link RequiredElements});</li>
 * <li>there is something to report: the Bundle holds at least one resource of a type the
 *     agreement accepts besides Bundle (ServiceRequest, Communication, Task...); Patients,
 *     Organizations and the like only travel with it;</li>
 * <li>what the message says about its sender is the certificate's agreement
 *     ({@code identity.organization}): {@code MessageHeader.source.endpoint} of a message, and
 *     {@code meta.source} of any resource that has one (its part before {@code #}, which HAPI uses
 *     for a request id);</li>
 * <li>the idempotency key, see {@link #idempotencyKey}, and the content hash it is compared by
 *     ({@link FhirContent}).</li>
 * </ol>
 * Mapping ({@link #map}) then evaluates the agreement's FHIRPath rules ({@link FhirSourceReader}).
 */
public class FhirIntake {

    public static final String IDEMPOTENCY_KEY = "idempotency-key";
    private static final int MAX_KEY = 200;

    private final FhirContext fhir;
    private final CertificateIdentification identification;
    private final ModiRestIntegrity modi;
    private final int maxBodyBytes;
    /**
     * HAPI's engine loads every R4 StructureDefinition when made (seconds): it is made on a thread of
     * its own while the rest of the gateway starts, and a mapping waits for it only if it comes first.
     */
    private final CompletableFuture<IFhirPath> fhirPath;
    private final Map<String, IFhirPath.IParsedExpression> parsedPaths = FhirSourceReader.newCache();

    public FhirIntake(FhirContext fhir, CertificateIdentification identification, ModiRestIntegrity modi,
                      int maxBodyBytes) {
        this.fhir = fhir;
        this.identification = identification;
        this.modi = modi;
        this.maxBodyBytes = maxBodyBytes;
        this.fhirPath = new CompletableFuture<>();
        Thread maker = new Thread(() -> {
            try {
                fhirPath.complete(fhir.newFhirPath());
            } catch (RuntimeException | Error e) {
                fhirPath.completeExceptionally(e);
            }
        }, "fhirpath-engine-init");
        maker.setDaemon(true);
        maker.start();
    }

    /** Authenticates, verifies, parses and checks a partner's FHIR request; see the class comment. */
    public InboundMessage identify(PartnerRequest request) {
        InboundMessage message = new InboundMessage(Channels.FHIR_REST, request.body());
        message.claimed(null, null, request.operation());
        identification.identify(message, request.clientCertificates());
        InboundChannel channel = message.agreement().inboundOn(Channels.FHIR_REST).orElseThrow();
        String rule = "inbound[" + message.agreement().indexOf(channel) + "]";
        if (request.body().length > maxBodyBytes) {
            throw reject(message, Cause.TOO_LARGE, "body exceeds " + maxBodyBytes + " bytes (pis.fhir.max-body-bytes)");
        }
        if ("INTEGRITY_REST_01".equals(channel.modi())) {
            verifyModi(message, request);
        }
        Resource resource = parse(message, request);
        String interaction = interaction(message, request.operation(), resource);
        String type = messageType(resource);
        message.claimed(null, null, type);
        if (!channel.accepts(resource.fhirType())
                && !(interaction.equals(FhirData.PROCESS_MESSAGE) && channel.accepts(FhirData.PROCESS_MESSAGE))) {
            throw InboundRejection.notAccepted(message,
                    resource.fhirType() + (interaction.equals(FhirData.CREATE) ? "" : " (" + interaction + ")"));
        }
        List<String> missing = missing(message, resource);
        if (!missing.isEmpty()) {
            throw reject(message, Cause.INVALID, "missing required element(s) (FHIR R4 cardinality): "
                    + String.join(", ", missing));
        }
        List<Resource> resources = resources(resource);
        if (resources.stream().noneMatch(r -> !r.fhirType().equals("Bundle") && channel.accepts(r.fhirType()))) {
            throw reject(message, Cause.INVALID, "nothing to report: the " + type + " holds no resource of a type agreement "
                    + message.agreement().id() + " accepts (" + rule + ".accept: " + channel.accept() + ")");
        }
        String source = checkSources(message, resource, resources);
        String key = idempotencyKey(message, request, interaction, resource);
        boolean keyHeader = request.header(IDEMPOTENCY_KEY) != null && !request.header(IDEMPOTENCY_KEY).isBlank();
        message.claimed(source, key, type)
                .decoded(StandardCharsets.UTF_8, new FhirData(interaction, resource, resources, base(request)))
                .fingerprinted(FhirContent.hash(fhir.newJsonParser(), resource), keyHeader
                        ? InboundMessage.KeyOrigin.IDEMPOTENCY_KEY_HEADER : InboundMessage.KeyOrigin.MESSAGE);
        return message;
    }

    /** Maps the checked request to a Report with the agreement's FHIRPath mapping. */
    public InboundMessage map(InboundMessage message) {
        FhirData data = (FhirData) message.protocolData();
        InboundChannel channel = message.agreement().inboundOn(Channels.FHIR_REST).orElseThrow();
        FhirSourceReader reader = new FhirSourceReader(fhirPath.join(), parsedPaths, data);
        try {
            message.mapped(ReportAssembler.assemble(message, channel, reader));
        } catch (MappingException e) {
            throw new InboundRejection(Kind.REJECT, Cause.MAPPING_FAILED, e.getMessage(), message);
        } catch (RuntimeException e) {
            throw new InboundRejection(Kind.REJECT, Cause.MAPPING_FAILED, "mapping failed: " + e, message);
        }
        if (!reader.foundAny()) {
            throw reject(message, Cause.MAPPING_FAILED, "nothing to report: agreement " + message.agreement().id()
                    + "'s mapping (inbound[" + message.agreement().indexOf(channel) + "].mapping) finds no value in this "
                    + message.messageType());
        }
        return message;
    }

    private void verifyModi(InboundMessage message, PartnerRequest request) {
        try {
            modi.verify(message.agreement(), Channels.FHIR_REST, request.headers(), request.body());
        } catch (ModiRefused e) {
            Cause cause = switch (e.reason()) {
                case REPLAYED -> Cause.REPLAYED;
                case STORE_UNAVAILABLE -> Cause.JOURNAL_UNAVAILABLE;
                case SIGNATURE_INVALID -> Cause.SIGNATURE_INVALID;
            };
            Kind kind = e.reason() == ModiRefused.Reason.STORE_UNAVAILABLE ? Kind.ERROR : Kind.REJECT;
            throw new InboundRejection(kind, cause, "ModI INTEGRITY_REST_01 (agreement " + message.agreement().id()
                    + ", inbound[" + message.agreement().indexOf(message.agreement().inboundOn(Channels.FHIR_REST)
                    .orElseThrow()) + "].modi): " + e.getMessage(), message);
        }
    }

    private Resource parse(InboundMessage message, PartnerRequest request) {
        String contentType = request.header("content-type");
        IParser parser = parser(message, contentType);
        try {
            IBaseResource parsed = parser.parseResource(new String(request.body(), StandardCharsets.UTF_8));
            if (!(parsed instanceof Resource resource)) {
                throw reject(message, Cause.UNPARSEABLE, "not a FHIR R4 resource");
            }
            return resource;
        } catch (InboundRejection e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // DataFormatException for malformed FHIR, and whatever HAPI throws on input it did not
            // foresee (a NullPointerException for "extension": null): the same bytes fail every time
            throw reject(message, Cause.UNPARSEABLE, "not a valid FHIR R4 " + (isXml(contentType) ? "XML" : "JSON")
                    + " resource: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private IParser parser(InboundMessage message, String contentType) {
        String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        IParser parser;
        if (type.isEmpty() || type.equals("application/fhir+json") || type.equals("application/json")
                || type.equals("application/json+fhir")) {
            parser = fhir.newJsonParser();
        } else if (isXml(type)) {
            parser = fhir.newXmlParser();
        } else {
            throw reject(message, Cause.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + contentType
                    + "' is not FHIR: send application/fhir+json or application/fhir+xml");
        }
        return parser.setParserErrorHandler(new StrictErrorHandler());
    }

    static boolean isXml(String contentType) {
        String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/fhir+xml") || type.equals("application/xml")
                || type.equals("application/xml+fhir") || type.equals("text/xml");
    }

    /** Which FHIR interaction this is, refusing a resource that does not fit the endpoint it was posted to. */
    private static String interaction(InboundMessage message, String operation, Resource resource) {
        Bundle.BundleType bundleType = resource instanceof Bundle b ? b.getType() : null;
        if (operation == null || operation.isEmpty()) {
            if (bundleType == Bundle.BundleType.TRANSACTION || bundleType == Bundle.BundleType.BATCH) {
                return bundleType.toCode();
            }
            throw reject(message, Cause.INVALID, "[base] takes a transaction or batch Bundle, not "
                    + describe(resource) + ": post a message Bundle to [base]/$process-message, a collection Bundle"
                    + " or a single resource to [base]/[type]");
        }
        if (operation.equals(FhirData.PROCESS_MESSAGE)) {
            if (bundleType == Bundle.BundleType.MESSAGE) {
                return FhirData.PROCESS_MESSAGE;
            }
            throw reject(message, Cause.INVALID, "$process-message takes a Bundle of type message, not " + describe(resource));
        }
        if (operation.startsWith("$")) {
            throw reject(message, Cause.TYPE_NOT_ACCEPTED, "operation " + operation
                    + " is not supported: the gateway supports $process-message (see [base]/metadata)");
        }
        if (!operation.equals(resource.fhirType())) {
            throw reject(message, Cause.INVALID, "a " + resource.fhirType() + " was posted to [base]/" + operation
                    + ": the resource type must be the one in the URL");
        }
        if (bundleType != null && bundleType != Bundle.BundleType.COLLECTION) {
            throw reject(message, Cause.INVALID, "[base]/Bundle takes a collection Bundle, not " + describe(resource)
                    + ": post a transaction or batch to [base], a message to [base]/$process-message");
        }
        return FhirData.CREATE;
    }

    private static String describe(Resource resource) {
        return resource instanceof Bundle b ? "a Bundle of type " + (b.getType() == null ? "(none)" : b.getType().toCode())
                : "a " + resource.fhirType();
    }

    private static String messageType(Resource resource) {
        return resource instanceof Bundle b && b.getType() != null ? "Bundle/" + b.getType().toCode() : resource.fhirType();
    }

    private List<String> missing(InboundMessage message, Resource resource) {
        try {
            return RequiredElements.missing(fhir, resource);
        } catch (RuntimeException e) {
            throw reject(message, Cause.INVALID, "cannot check required elements: " + e);
        }
    }

    /** The Bundle's entry resources (or the posted resource), each followed by its contained resources. */
    private static List<Resource> resources(Resource root) {
        List<Resource> top = new ArrayList<>();
        if (root instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.getResource() != null) {
                    top.add(entry.getResource());
                }
            }
        } else {
            top.add(root);
        }
        List<Resource> all = new ArrayList<>();
        for (Resource resource : top) {
            all.add(resource);
            if (resource instanceof DomainResource domain) {
                all.addAll(domain.getContained());
            }
        }
        return all;
    }

    /**
     * Every sender claim in the message must be the agreement's organization; returns the claimed
     * source (for the journal), or null when the message names none.
     */
    private String checkSources(InboundMessage message, Resource root, List<Resource> resources) {
        String claimed = null;
        if (root instanceof Bundle bundle && bundle.getType() == Bundle.BundleType.MESSAGE) {
            Resource first = bundle.getEntryFirstRep().getResource();
            if (!(first instanceof MessageHeader header)) {
                throw reject(message, Cause.INVALID, "a message Bundle must start with a MessageHeader entry");
            }
            claimed = header.getSource().getEndpoint();
            identification.requireClaim(message, "organization", claimed, "MessageHeader.source.endpoint");
        }
        Set<Resource> withSource = new LinkedHashSet<>();
        withSource.add(root);
        withSource.addAll(resources);
        for (Resource resource : withSource) {
            if (resource.hasMeta() && resource.getMeta().hasSource()) {
                String source = resource.getMeta().getSource();
                int hash = source.indexOf('#');
                String system = hash < 0 ? source : source.substring(0, hash);
                identification.requireClaim(message, "organization", system, resource.fhirType() + ".meta.source");
                claimed = claimed == null ? system : claimed;
            }
        }
        return claimed;
    }

    /**
     * The key that makes a resend answer the first report (partner + key, unique in the journal):
     * <ol>
     * <li>the {@code Idempotency-Key} header when present, for any interaction;</li>
     * <li>$process-message: {@code MessageHeader/<id>} (the message id FHIR messaging defines), else
     *     the Bundle's identifier or id;</li>
     * <li>transaction, batch, collection: {@code Bundle.identifier} ({@code system|value}), else {@code Bundle/<id>};</li>
     * <li>a single resource: {@code <Type>/<id>}, else its first identifier.</li>
     * </ol>
     * No key: refused (422), since a resend could not be told from a new report.
     */
    private static String idempotencyKey(InboundMessage message, PartnerRequest request, String interaction,
                                         Resource resource) {
        String header = request.header(IDEMPOTENCY_KEY);
        String key = null;
        if (header != null && !header.isBlank()) {
            key = header.strip();
        } else if (interaction.equals(FhirData.PROCESS_MESSAGE)
                && ((Bundle) resource).getEntryFirstRep().getResource() instanceof MessageHeader h && h.hasIdElement()
                && h.getIdElement().hasIdPart()) {
            key = "MessageHeader/" + h.getIdElement().getIdPart();
        } else if (resource instanceof Bundle bundle) {
            key = bundle.hasIdentifier() && bundle.getIdentifier().hasValue() ? identifier(bundle.getIdentifier())
                    : bundle.getIdElement().hasIdPart() ? "Bundle/" + bundle.getIdElement().getIdPart() : null;
        } else if (resource.getIdElement().hasIdPart()) {
            key = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        } else if (resource instanceof DomainResource) {
            Identifier first = firstIdentifier(resource);
            key = first == null ? null : identifier(first);
        }
        if (key == null) {
            throw reject(message, Cause.INVALID, "no idempotency key: send an Idempotency-Key header, or give the "
                    + (resource instanceof Bundle ? "Bundle an identifier or id (a message: MessageHeader.id)"
                    : resource.fhirType() + " an id or an identifier") + ", so that a resend is not a second report");
        }
        if (key.length() > MAX_KEY) {
            throw reject(message, Cause.INVALID, "idempotency key longer than " + MAX_KEY + " characters");
        }
        return key;
    }

    private static Identifier firstIdentifier(Resource resource) {
        try {
            Object value = resource.getNamedProperty("identifier") == null ? null
                    : resource.getNamedProperty("identifier").getValues().stream().findFirst().orElse(null);
            return value instanceof Identifier i && i.hasValue() ? i : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String identifier(Identifier identifier) {
        return (identifier.hasSystem() ? identifier.getSystem() + "|" : "") + identifier.getValue();
    }

    private static String base(PartnerRequest request) {
        String host = request.header("host");
        return "https://" + (host == null ? "localhost" : host) + "/fhir";
    }

    private static InboundRejection reject(InboundMessage message, Cause cause, String text) {
        return new InboundRejection(Kind.REJECT, cause, text, message);
    }
}
