package it.pis.gateway.inbound.soap;

import it.pis.gateway.Corpus;
import org.apache.wss4j.common.WSEncryptionPart;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.message.WSSecHeader;
import org.apache.wss4j.dom.message.WSSecSignature;
import org.apache.wss4j.dom.message.WSSecTimestamp;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;

/**
 * Builds SubmitReport envelopes as a partner would, signed with WSS4J's own API (the library CXF's
 * WSS4JOutInterceptor uses): Timestamp + BinarySecurityToken + X.509 signature, with the parts,
 * the key and the timestamp's age chosen by the test, so that every refusal can be produced.
 */
public final class SignedEnvelopes {

    public static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";

    /** What the signature covers. */
    public enum Parts { BODY_AND_TIMESTAMP, BODY_ONLY, TIMESTAMP_ONLY }

    private SignedEnvelopes() {
    }

    /** A complete, schema-valid request from {@code organization} with the partner's id {@code messageId}. */
    public static String request(String messageId, String organization) {
        return "<soap:Envelope xmlns:soap=\"" + SOAP11 + "\"><soap:Body>"
                + "<SubmitReport xmlns=\"" + SoapIntake.NAMESPACE + "\">"
                + "<messageId>" + messageId + "</messageId>"
                + "<senderOrganization>" + organization + "</senderOrganization>"
                + "<urgency>EMERGENZA</urgency>"
                + "<targetGroups><targetGroup>SENZA_DIMORA</targetGroup><targetGroup>ADULTO_IN_DIFFICOLTA</targetGroup></targetGroups>"
                + "<person><familyName>Rossi</familyName><givenName>Mario</givenName><birthDate>1985-12-10</birthDate>"
                + "<sex>M</sex><identifier type=\"PASSPORT\">YA1234567</identifier>"
                + "<identifier type=\"CF\">RSSMRA85T10A562S</identifier><citizenship>IT</citizenship></person>"
                + "<location><description>Stazione Centrale, lato piazza Luigi di Savoia</description>"
                + "<istatCode>015146</istatCode><latitude>45.4862</latitude><longitude>9.2045</longitude></location>"
                + "<narrative>Uomo senza dimora in stato confusionale, notte con temperature sotto zero.</narrative>"
                + "<contact><name>Ass. Bianchi</name><phone>+39 02 62261</phone><organization>Questura di Milano, UPGSP</organization></contact>"
                + "</SubmitReport></soap:Body></soap:Envelope>";
    }

    public static byte[] sign(String envelope, KeyStore keys, String alias, String password) {
        return sign(envelope, keys, alias, password, Parts.BODY_AND_TIMESTAMP, Duration.ZERO);
    }

    /**
     * @param age how long ago the Timestamp says the message was created (its Expires is 5 minutes after)
     */
    public static byte[] sign(String envelope, KeyStore keys, String alias, String password, Parts parts, Duration age) {
        return sign(envelope, keys, alias, password, parts, age, WSConstants.RSA_SHA256, WSConstants.SHA256);
    }

    public static byte[] sign(String envelope, KeyStore keys, String alias, String password, Parts parts, Duration age,
                              String signatureAlgorithm, String digestAlgorithm) {
        try {
            WSSConfig.init();
            Document document = parse(envelope.getBytes(StandardCharsets.UTF_8));
            WSSecHeader header = new WSSecHeader(document);
            header.insertSecurityHeader();
            WSSecTimestamp timestamp = new WSSecTimestamp(header);
            timestamp.setTimeToLive(300);
            Instant created = Instant.now().minus(age);
            timestamp.setWsTimeSource(() -> created);
            timestamp.build();
            WSSecSignature signature = new WSSecSignature(header);
            signature.setUserInfo(alias, password);
            signature.setKeyIdentifierType(WSConstants.BST_DIRECT_REFERENCE);
            signature.setSignatureAlgorithm(signatureAlgorithm);
            signature.setDigestAlgo(digestAlgorithm);
            if (parts != Parts.TIMESTAMP_ONLY) {
                signature.getParts().add(new WSEncryptionPart("Body", SOAP11, ""));
            }
            if (parts != Parts.BODY_ONLY) {
                signature.getParts().add(new WSEncryptionPart(timestamp.getId()));
            }
            Merlin crypto = new Merlin();
            crypto.setKeyStore(keys);
            signature.build(crypto);
            return serialize(document);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the test envelope", e);
        }
    }

    public static KeyStore keyStore(Path file, String type, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.toCharArray());
            return store;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** A wss4j corpus key store ({@code wss40}, {@code wss40rev}, ...), password {@code security}. */
    public static KeyStore wss4j(String name) {
        return keyStore(Corpus.path("wss/wss4j/keys/" + name + ".jks"), "JKS", "security");
    }

    static Document parse(byte[] bytes) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    }

    static byte[] serialize(Document document) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toByteArray();
    }
}
