package it.pis.gateway.it;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import it.pis.gateway.crypto.ModiRestIntegrity;
import it.pis.gateway.crypto.Pem;
import org.apache.http.impl.client.HttpClients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A FHIR partner as the outside sees it: mutual TLS with its generated certificate, and ModI
 * INTEGRITY_REST_01 headers (Digest + Agid-JWT-Signature signed with its key, x5c its certificate)
 * on every request, either on raw java.net.http posts or through HAPI's generic client.
 */
final class FhirPartner {

    static final String JSON = "application/fhir+json";
    /** One client-side FhirContext for all tests (expensive to create). */
    static final FhirContext CLIENT_FHIR = FhirContext.forR4();

    final PartnerClient http;
    private final PrivateKey signingKey;
    private final X509Certificate signingCertificate;

    FhirPartner(PartnerClient http, PrivateKey signingKey, X509Certificate signingCertificate) {
        this.http = http;
        this.signingKey = signingKey;
        this.signingCertificate = signingCertificate;
    }

    /** {@code id}'s certificate for TLS and its key for signing. */
    static FhirPartner of(Path certs, int port, String id) {
        try {
            return new FhirPartner(new PartnerClient(certs, port, id), Pem.readPrivateKey(certs.resolve(id + ".key")),
                    Pem.readCertificate(certs.resolve(id + ".crt")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts {@code body} to the FHIR base + {@code path}, signed; {@code tweak} may change the claims. */
    HttpResponse<String> post(String path, String body, Map<String, String> extraHeaders,
                              Consumer<JWTClaimsSet.Builder> tweak) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>(modiHeaders(bytes, JSON, tweak));
        headers.putAll(extraHeaders);
        return http.post("/fhir" + path, JSON, bytes, headers);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, Map.of(), claims -> { });
    }

    /** Digest and Agid-JWT-Signature for these bytes, as ModI INTEGRITY_REST_01 asks. */
    Map<String, String> modiHeaders(byte[] body, String contentType, Consumer<JWTClaimsSet.Builder> tweak) {
        String digest = ModiRestIntegrity.digestHeader(body);
        Instant now = Instant.now();
        List<Map<String, String>> signed = contentType == null ? List.of(Map.of("digest", digest))
                : List.of(Map.of("digest", digest), Map.of("content-type", contentType));
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID(UUID.randomUUID().toString()).audience("https://localhost/fhir")
                .claim("signed_headers", signed);
        tweak.accept(claims);
        return Map.of("Digest", digest, "Agid-JWT-Signature", sign(claims.build()));
    }

    String sign(JWTClaimsSet claims) {
        try {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .x509CertChain(List.of(Base64.encode(signingCertificate.getEncoded()))).build();
            SignedJWT jws = new SignedJWT(header, claims);
            jws.sign(new RSASSASigner(signingKey));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** HAPI's generic client over this partner's mutual TLS, signing every request body. */
    IGenericClient hapiClient() {
        CLIENT_FHIR.getRestfulClientFactory().setHttpClient(HttpClients.custom().setSSLContext(http.tls()).build());
        IGenericClient client = CLIENT_FHIR.newRestfulGenericClient(http.uri("/fhir").toString());
        client.registerInterceptor(new IClientInterceptor() {
            @Override
            public void interceptRequest(IHttpRequest request) {
                try {
                    String body = request.getRequestBodyFromStream();
                    if (body != null) {
                        modiHeaders(body.getBytes(StandardCharsets.UTF_8), null, claims -> { }).forEach(request::addHeader);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void interceptResponse(IHttpResponse response) {
            }
        });
        return client;
    }
}
