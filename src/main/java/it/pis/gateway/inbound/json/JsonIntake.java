package it.pis.gateway.inbound.json;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.FieldRule;
import it.pis.gateway.agreement.InboundChannel;
import it.pis.gateway.crypto.CmsDecryption;
import it.pis.gateway.inbound.CertificateIdentification;
import it.pis.gateway.inbound.ContentHash;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.inbound.InboundRejection.Cause;
import it.pis.gateway.inbound.InboundRejection.Kind;
import it.pis.gateway.inbound.MappingException;
import it.pis.gateway.inbound.PartnerRequest;
import it.pis.gateway.inbound.ReportAssembler;
import it.pis.gateway.inbound.json.JsonRest.DocumentType;
import it.pis.gateway.report.Report;
import org.apache.camel.Header;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * First steps of the JSON REST channel, in the order a partner's integration team would debug
 * them: who sent it (the agreement of the TLS client certificate), may it send this document type
 * (the endpoint's), is it within size, does it carry an {@code Idempotency-Key}, is the body what
 * the agreement says (JSON, or CMS encrypted to the gateway when {@code bodyEncryption: cms}), is
 * it JSON, does it match the type's schema. Then a Report is mapped with the agreement's mapping
 * (and refused without consent when the agreement requires it). Every refusal names its cause and
 * the agreement rule. JSON documents carry no sender claim of their own (no MSH-4, no FHIR source),
 * so the certificate alone says who sent them; there is nothing for
 * {@code CertificateIdentification.requireClaim} to compare.
 */
public class JsonIntake {

    /** Idempotency keys are opaque to the gateway but must fit the journal and be printable. */
    private static final String KEY_PATTERN = "[\\x21-\\x7E]{1,128}";
    private static final String PLACEMENT_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private final CertificateIdentification identification;
    private final CmsDecryption cms;
    private final JsonSchemas schemas;
    private final int maxBodyBytes;
    private final JsonMapper json = JsonMapper.builder()
            // two values for one field would let two readers see two documents
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public JsonIntake(CertificateIdentification identification, CmsDecryption cms, JsonSchemas schemas, int maxBodyBytes) {
        this.identification = identification;
        this.cms = cms;
        this.schemas = schemas;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Authenticates the sender, checks the request against its agreement, opens and validates the
     * body. {@code placementId} is the URL's, for placement decisions.
     */
    public InboundMessage identify(PartnerRequest request, @Header("placementId") String placementId) {
        DocumentType type = DocumentType.named(request.operation()).orElseThrow(() ->
                new IllegalArgumentException("no JSON document type " + request.operation()));
        InboundMessage message = new InboundMessage(JsonRest.CHANNEL, request.body());
        String key = request.header("Idempotency-Key");
        X509Certificate[] chain = request.clientCertificates();
        message.claimed(chain.length == 0 ? null : chain[0].getSubjectX500Principal().getName(), key, type.name());
        identification.identify(message, chain);
        Agreement agreement = message.agreement();
        InboundChannel channel = agreement.inboundOn(JsonRest.CHANNEL).orElseThrow();
        String rule = "inbound[" + agreement.indexOf(channel) + "]";
        if (!channel.accepts(type.name())) {
            throw InboundRejection.notAccepted(message, type.name());
        }
        if (request.body().length > maxBodyBytes) {
            throw reject(message, Cause.TOO_LARGE, "body exceeds the channel's limit of " + maxBodyBytes
                    + " bytes (pis.json.max-body-bytes)");
        }
        if (key == null || key.isBlank()) {
            throw reject(message, Cause.INVALID, "the Idempotency-Key header is missing: it is the message's id, and a"
                    + " resend with the same key is answered with the same id instead of making a second " + type.name());
        }
        if (!key.matches(KEY_PATTERN)) {
            throw reject(message, Cause.INVALID, "the Idempotency-Key header must be 1 to 128 printable ASCII"
                    + " characters without spaces (a UUID is fine)");
        }
        if (type.isPlacementDecision() && (placementId == null || !placementId.matches(PLACEMENT_ID_PATTERN))) {
            throw reject(message, Cause.INVALID, "the placement id in the URL must be 1 to 64 letters, digits, '.', '_'"
                    + " or '-': " + type.endpoint());
        }
        byte[] plain = body(message, request, channel, rule);
        JsonNode tree = parse(message, plain, type);
        List<String> problems = schemas.problems(type, tree);
        if (!problems.isEmpty()) {
            throw new InvalidDocument(type.name() + " does not match its schema (" + type.schema() + ")", problems, message);
        }
        Object content;
        try {
            content = content(type, tree, placementId, message);
        } catch (DateTimeException e) {
            // a date-time RFC 3339 allows but java.time does not read (lower-case 't', a leap second)
            throw new InvalidDocument(type.name() + " has a date-time the gateway cannot read", List.of(e.getMessage()), message);
        }
        return message.decoded(StandardCharsets.UTF_8, new JsonDocument(type, tree, content))
                .fingerprinted(contentHash(type, placementId, tree), InboundMessage.KeyOrigin.IDEMPOTENCY_KEY_HEADER);
    }

    /**
     * What an Idempotency-Key is compared by: the endpoint and the document as parsed, written
     * compactly. A genuine resend may change the HTTP headers, the JSON's whitespace and, for a CMS
     * body, the whole envelope (a fresh content key each time): none of them is content.
     */
    private String contentHash(DocumentType type, String placementId, JsonNode tree) {
        return ContentHash.of(type.name() + "\n" + (placementId == null ? "" : placementId) + "\n"
                + json.writeValueAsString(tree));
    }

    /** Maps a Report document with the agreement's mapping; refuses it without consent when the agreement requires it. */
    public InboundMessage map(InboundMessage message) {
        JsonDocument document = (JsonDocument) message.protocolData();
        Agreement agreement = message.agreement();
        InboundChannel channel = agreement.inboundOn(JsonRest.CHANNEL).orElseThrow();
        Report report;
        try {
            report = ReportAssembler.assemble(message, channel, new JsonSourceReader(document.tree()));
        } catch (MappingException e) {
            // the same document will fail the same way every time: a reject, not a "try again"
            throw reject(message, Cause.MAPPING_FAILED, e.getMessage());
        }
        if (channel.consentRequired() && !Boolean.TRUE.equals(report.consent())) {
            FieldRule consent = channel.mapping().get("consent");
            throw reject(message, Cause.CONSENT_MISSING, "agreement " + agreement.id() + " requires the person's consent"
                    + " (inbound[" + agreement.indexOf(channel) + "].requireConsent), and this report's consent"
                    + (consent == null || consent.from() == null ? " is not mapped (inbound[" + agreement.indexOf(channel)
                    + "].mapping.consent)" : " (" + consent.from() + ") is " + (report.consent() == null ? "missing" : "false")));
        }
        return message.mapped(report);
    }

    /** The body as JSON bytes: decrypted when the agreement says CMS; anything else the agreement does not allow is refused. */
    private byte[] body(InboundMessage message, PartnerRequest request, InboundChannel channel, String rule) {
        String contentType = request.header("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String agreementId = message.agreement().id();
        if ("cms".equals(channel.bodyEncryption())) {
            if (!mediaType.equals("application/pkcs7-mime") && !mediaType.equals("application/cms")) {
                throw reject(message, Cause.UNSUPPORTED_MEDIA_TYPE, "agreement " + agreementId + " requires the body"
                        + " encrypted to the gateway's certificate (" + rule + ".bodyEncryption: cms): send CMS"
                        + " EnvelopedData as application/pkcs7-mime, not " + describe(contentType));
            }
            try {
                return cms.decrypt(request.body());
            } catch (CmsDecryption.Undecryptable e) {
                throw reject(message, Cause.UNDECRYPTABLE, "cannot decrypt the body (" + rule + ".bodyEncryption: cms): "
                        + e.getMessage());
            }
        }
        if (!mediaType.equals("application/json")) {
            throw reject(message, Cause.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json (UTF-8), not "
                    + describe(contentType) + (mediaType.contains("pkcs7") || mediaType.contains("cms")
                    ? ": agreement " + agreementId + " does not encrypt bodies (" + rule + ".bodyEncryption)" : ""));
        }
        String charset = parameter(contentType, "charset");
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw reject(message, Cause.UNSUPPORTED_MEDIA_TYPE, "JSON is UTF-8 (RFC 8259), not charset " + charset);
        }
        return request.body();
    }

    private JsonNode parse(InboundMessage message, byte[] plain, DocumentType type) {
        try {
            JsonNode tree = json.readTree(plain);
            if (tree == null || tree.isMissingNode()) {
                throw reject(message, Cause.UNPARSEABLE, "the body is empty: expected a " + type.name() + " JSON object");
            }
            return tree;
        } catch (JacksonException e) {
            throw reject(message, Cause.UNPARSEABLE, "the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
    }

    /** The typed content of a shelter document (a valid one: the schema has been checked). */
    private static Object content(DocumentType type, JsonNode tree, String placementId, InboundMessage message) {
        switch (type) {
            case BedAvailability: {
                List<BedAvailability.Beds> beds = new ArrayList<>();
                for (Map.Entry<String, JsonNode> kind : tree.get("beds").properties()) {
                    beds.add(new BedAvailability.Beds(kind.getKey(), kind.getValue().get("free").asInt(),
                            instant(kind.getValue().get("until"))));
                }
                JsonNode asOf = tree.get("asOf");
                return new BedAvailability(tree.get("structure").asString(),
                        asOf == null ? message.receivedAt() : instant(asOf), beds);
            }
            case PlacementConfirmation:
                return new PlacementDecision(placementId, PlacementDecision.Decision.CONFIRMED,
                        tree.get("structure").asString(), tree.get("bedKind").asString(),
                        tree.has("expectedBy") ? instant(tree.get("expectedBy")) : null, null, text(tree, "note"));
            case PlacementDecline:
                return new PlacementDecision(placementId, PlacementDecision.Decision.DECLINED, null, null, null,
                        tree.get("reason").asString(), text(tree, "note"));
            default:
                return null;
        }
    }

    private static Instant instant(JsonNode node) {
        return OffsetDateTime.parse(node.asString()).toInstant();
    }

    private static String text(JsonNode tree, String field) {
        JsonNode node = tree.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

    private static String parameter(String contentType, String name) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase(name)) {
                return pair[1].strip().replace("\"", "");
            }
        }
        return null;
    }

    private static String describe(String contentType) {
        return contentType == null || contentType.isBlank() ? "no Content-Type" : "'" + contentType + "'";
    }

    private static InboundRejection reject(InboundMessage message, Cause cause, String text) {
        return new InboundRejection(Kind.REJECT, cause, text, message);
    }
}
