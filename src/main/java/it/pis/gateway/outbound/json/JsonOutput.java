package it.pis.gateway.outbound.json;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.Outbound;
import it.pis.gateway.crypto.CertificateFiles;
import it.pis.gateway.crypto.CmsEncryption;
import it.pis.gateway.crypto.Pem;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.outbound.UnrenderableHandover;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The last step of both JSON renderers: the document as UTF-8 JSON (indented, so that whoever opens
 * it with {@code openssl cms -decrypt} can read it), checked against its schema, and encrypted to
 * the recipient's certificate when its agreement says {@code encrypt: cms}.
 */
public final class JsonOutput {

    public static final String JSON = "application/json";

    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private final CmsEncryption cms;
    private final CertificateFiles certificates;

    public JsonOutput(CmsEncryption cms, CertificateFiles certificates) {
        this.cms = cms;
        this.certificates = certificates;
    }

    Rendered render(String messageId, ObjectNode document, JsonSchemaCheck schema, Agreement recipient) {
        List<String> problems = schema.problems(document);
        if (!problems.isEmpty()) {
            throw new UnrenderableHandover(field(problems.get(0)), "the document would not match "
                    + schema.name() + ", which the recipient validates: " + String.join("; ", problems));
        }
        byte[] plain = json.writeValueAsBytes(document);
        Outbound out = recipient.outbound();
        if (!"cms".equals(out.encrypt())) {
            return new Rendered(messageId, JSON, plain);
        }
        X509Certificate certificate = certificate(out.certificate());
        try {
            CmsEncryption.Encrypted encrypted = cms.encrypt(plain, certificate);
            return new Rendered(messageId, encrypted.mediaType(), encrypted.der());
        } catch (CmsEncryption.UnusableCertificate e) {
            throw new UnrenderableHandover("outbound.certificate", out.certificate() + ": " + e.getMessage());
        }
    }

    private X509Certificate certificate(String name) {
        if (name == null) {
            throw new UnrenderableHandover("outbound.certificate", "encrypt: cms needs the recipient's certificate");
        }
        Path file = certificates.resolve(name);
        try {
            return Pem.readCertificate(file);
        } catch (IOException e) {
            throw new UnrenderableHandover("outbound.certificate", "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** {@code /person/givenName: ...} → {@code person.givenName}. */
    private static String field(String problem) {
        String pointer = problem.substring(0, problem.indexOf(": "));
        return pointer.equals("/") ? "document" : pointer.substring(1).replace('/', '.');
    }
}
