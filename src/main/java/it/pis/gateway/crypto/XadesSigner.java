package it.pis.gateway.crypto;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import javax.xml.crypto.dom.DOMStructure;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLObject;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Enveloped XAdES baseline B signature (ETSI EN 319 132-1) of a whole XML document with the
 * gateway's key: RSA-SHA256, exclusive canonicalisation, the signing certificate (and its CA when the
 * gateway trusts it) in KeyInfo, and signed properties SigningTime, SigningCertificateV2 (SHA-256
 * digest and IssuerSerialV2) and a DataObjectFormat for the document. The {@code ds:Signature}
 * becomes the last child of the root element, where the AgID Segnatura di protocollo wants it.
 *
 * <p>XML-DSig itself (canonicalisation, digests, signature) is the JDK's standard JSR 105
 * implementation; only the XAdES qualifying properties are built here. EU DSS would be the first
 * choice, but DSS 6.x needs Apache Santuario 3 while CXF's WS-Security needs Santuario 4 on the same
 * class path (DSS fails with {@code InstantiationError: XMLSignatureInput}); the tests check these
 * signatures with DSS's validator in a JVM of its own.
 */
public final class XadesSigner {

    public static final String XADES = "http://uri.etsi.org/01903/v1.3.2#";
    private static final String DS = XMLSignature.XMLNS;
    private static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    private static final String ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
    private static final String SIGNED_PROPERTIES = "http://uri.etsi.org/01903#SignedProperties";

    private final GatewayKeys keys;
    private final Clock clock;

    public XadesSigner(GatewayKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Signs the whole document (reference URI "" with the enveloped-signature transform); returns it signed, UTF-8. */
    public byte[] signEnveloped(byte[] xml) {
        try {
            Document document = parse(xml);
            // the JDK's own provider, whatever WSS4J registered before it (the one these signatures are tested with)
            XMLSignatureFactory dsig = XMLSignatureFactory.getInstance("DOM", "XMLDSig");
            String id = "id-" + UUID.randomUUID();
            DigestMethod sha256 = dsig.newDigestMethod(DigestMethod.SHA256, null);
            Transform exclusive = dsig.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null);

            Reference content = dsig.newReference("", sha256, List.of(
                    dsig.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null), exclusive),
                    null, "r-" + id + "-1");
            Element qualifying = qualifyingProperties(document, id, "#r-" + id + "-1");
            Element signedProperties = (Element) qualifying.getFirstChild();
            Reference properties = dsig.newReference("#xades-" + id, sha256, List.of(exclusive), SIGNED_PROPERTIES, null);

            SignedInfo signedInfo = dsig.newSignedInfo(
                    dsig.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE,
                            (C14NMethodParameterSpec) null),
                    dsig.newSignatureMethod("EC".equals(keys.privateKey().getAlgorithm()) ? ECDSA_SHA256 : RSA_SHA256, null),
                    List.of(content, properties));
            KeyInfoFactory keyInfos = dsig.getKeyInfoFactory();
            KeyInfo keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(new ArrayList<>(chain()))));
            XMLObject object = dsig.newXMLObject(List.of(new DOMStructure(qualifying)), null, null, null);
            XMLSignature signature = dsig.newXMLSignature(signedInfo, keyInfo, List.of(object), id, "value-" + id);

            DOMSignContext context = new DOMSignContext(keys.privateKey(), document.getDocumentElement());
            context.setDefaultNamespacePrefix("ds");
            context.setIdAttributeNS(signedProperties, null, "Id");
            signature.sign(context);
            return write(document);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the XML with the gateway's key (pis.tls.private-key): " + e, e);
        }
    }

    public X509Certificate certificate() {
        return keys.certificate();
    }

    /** xades:QualifyingProperties with the SignedProperties of baseline B; the first child is SignedProperties. */
    private Element qualifyingProperties(Document document, String id, String contentReference) throws Exception {
        Element qualifying = document.createElementNS(XADES, "xades:QualifyingProperties");
        qualifying.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xades", XADES);
        qualifying.setAttribute("Target", "#" + id);
        Element signed = child(qualifying, XADES, "xades:SignedProperties");
        signed.setAttribute("Id", "xades-" + id);
        Element signatureProperties = child(signed, XADES, "xades:SignedSignatureProperties");
        text(signatureProperties, XADES, "xades:SigningTime", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());

        X509Certificate certificate = keys.certificate();
        Element cert = child(child(signatureProperties, XADES, "xades:SigningCertificateV2"), XADES, "xades:Cert");
        Element digest = child(cert, XADES, "xades:CertDigest");
        child(digest, DS, "ds:DigestMethod").setAttribute("Algorithm", DigestMethod.SHA256);
        text(digest, DS, "ds:DigestValue", Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded())));
        IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(
                X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()))), certificate.getSerialNumber());
        text(cert, XADES, "xades:IssuerSerialV2", Base64.getEncoder().encodeToString(issuerSerial.getEncoded()));

        Element format = child(child(signed, XADES, "xades:SignedDataObjectProperties"), XADES, "xades:DataObjectFormat");
        format.setAttribute("ObjectReference", contentReference);
        text(format, XADES, "xades:MimeType", "text/xml");
        return qualifying;
    }

    /** The gateway's certificate, then the CA that issued it when the gateway trusts it. */
    private List<X509Certificate> chain() {
        List<X509Certificate> chain = new ArrayList<>(List.of(keys.certificate()));
        for (X509Certificate ca : keys.trustedCas()) {
            if (ca.getSubjectX500Principal().equals(keys.certificate().getIssuerX500Principal())
                    && !ca.equals(keys.certificate())) {
                chain.add(ca);
            }
        }
        return chain;
    }

    private static Element child(Element parent, String namespace, String name) {
        Element child = parent.getOwnerDocument().createElementNS(namespace, name);
        parent.appendChild(child);
        return child;
    }

    private static void text(Element parent, String namespace, String name, String value) {
        child(parent, namespace, name).setTextContent(value);
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static byte[] write(Document document) throws Exception {
        Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        document.setXmlStandalone(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toByteArray();
    }
}
