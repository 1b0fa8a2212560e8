package it.pis.gateway.inbound.soap;

import it.pis.gateway.crypto.CertificateRefused;
import it.pis.gateway.crypto.CertificateTrust;
import it.pis.gateway.inbound.InboundRejection.Cause;
import org.apache.wss4j.common.crypto.AlgorithmSuite;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.WSDataRef;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.engine.WSSecurityEngine;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.RequestData;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.apache.wss4j.dom.util.WSSecurityUtil;
import org.apache.wss4j.dom.validate.Credential;
import org.apache.wss4j.dom.validate.Validator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Verifies the WS-Security header of a SOAP envelope as AgID ModI ID_AUTH_SOAP_01 requires: a
 * {@code wsu:Timestamp} that is current (Created not in the future beyond the skew, not older than
 * the TTL, Expires present and not passed), and an X.509 signature whose references cover both
 * {@code soap:Body} and that Timestamp, made with a certificate that is valid now and chains to a
 * CA the gateway trusts. Returns the signer, so that the channel can check it is the agreement's.
 *
 * <p>WSS4J's engine does the XML signature work; this class replaces its trust decision with the
 * gateway's {@link CertificateTrust}, which says why a certificate is refused (expired, not yet
 * valid, revoked, untrusted CA; the same check as for TLS clients, CRLs from {@code pis.tls.crls}),
 * and checks
 * the coverage of the signature itself (what CXF's CryptoCoverageChecker would do), so that a body
 * that is not signed, or only partly, is refused however the header was built. It works on the
 * envelope exactly as received (a DOM parsed from the raw bytes), needs neither CXF nor Spring,
 * and every failure is a {@link SecurityRefusal} with a cause and a clear text.
 */
public final class WsSecurityCheck {

    /**
     * The algorithms AgID's ModI guidelines allow for ID_AUTH_SOAP_01: RSA (at least 2048 bits) or
     * ECDSA with SHA-256 or stronger, exclusive canonicalisation; SHA-1 and short keys are refused.
     */
    static final AlgorithmSuite ALGORITHMS = new AlgorithmSuite();

    static {
        for (String bits : List.of("256", "384", "512")) {
            ALGORITHMS.addSignatureMethod("http://www.w3.org/2001/04/xmldsig-more#rsa-sha" + bits);
            ALGORITHMS.addSignatureMethod("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha" + bits);
        }
        ALGORITHMS.addDigestAlgorithm("http://www.w3.org/2001/04/xmlenc#sha256");
        ALGORITHMS.addDigestAlgorithm("http://www.w3.org/2001/04/xmldsig-more#sha384");
        ALGORITHMS.addDigestAlgorithm("http://www.w3.org/2001/04/xmlenc#sha512");
        ALGORITHMS.addC14nAlgorithm("http://www.w3.org/2001/10/xml-exc-c14n#");
        ALGORITHMS.setMinimumAsymmetricKeyLength(2048);
        ALGORITHMS.setMaximumAsymmetricKeyLength(8192);
        ALGORITHMS.setMinimumEllipticCurveKeyLength(256);
        ALGORITHMS.setMaximumEllipticCurveKeyLength(521);
    }

    private final CertificateTrust trust;
    private final Duration timestampTtl;
    private final Duration futureSkew;
    private final Clock clock;
    private final Merlin crypto;

    public WsSecurityCheck(CertificateTrust trust, Duration timestampTtl, Duration futureSkew, Clock clock) {
        this.trust = trust;
        this.timestampTtl = timestampTtl;
        this.futureSkew = futureSkew;
        this.clock = clock;
        WSSConfig.init();
        try {
            // WSS4J wants a signature crypto to resolve key references; trust is decided by trustSigner
            KeyStore cas = KeyStore.getInstance("PKCS12");
            cas.load(null, null);
            int i = 0;
            for (X509Certificate ca : trust.trustedCas()) {
                cas.setCertificateEntry("ca-" + i++, ca);
            }
            this.crypto = new Merlin();
            crypto.setTrustStore(cas);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the WS-Security trust store", e);
        }
    }

    /**
     * @return the certificate that signed Body and Timestamp
     * @throws SecurityRefusal when any requirement above is not met
     */
    public X509Certificate verify(Document envelope) {
        Element header;
        try {
            header = WSSecurityUtil.getSecurityHeader(envelope, null);
        } catch (WSSecurityException e) {
            throw new SecurityRefusal(Cause.SIGNATURE_INVALID, "WS-Security header refused: " + e.getMessage());
        }
        if (header == null) {
            throw new SecurityRefusal(Cause.SIGNATURE_INVALID, "unsigned: the envelope has no wsse:Security header"
                    + " (ModI ID_AUTH_SOAP_01 requires a Timestamp and an X.509 signature over Body and Timestamp)");
        }
        refusePasswords(header);
        checkAlgorithms(header);
        WSHandlerResult results = process(envelope, header);
        List<WSSecurityEngineResult> timestamps = results.getActionResults().getOrDefault(WSConstants.TS, List.of());
        List<WSSecurityEngineResult> signatures = results.getActionResults().getOrDefault(WSConstants.SIGN, List.of());
        if (signatures.isEmpty()) {
            throw new SecurityRefusal(Cause.SIGNATURE_INVALID, "unsigned: the wsse:Security header has no signature"
                    + " (ModI ID_AUTH_SOAP_01 requires an X.509 signature over Body and Timestamp)");
        }
        if (timestamps.size() != 1) {
            throw new SecurityRefusal(Cause.SIGNATURE_INVALID, "the wsse:Security header must hold exactly one"
                    + " wsu:Timestamp (found " + timestamps.size() + "): ModI ID_AUTH_SOAP_01 signs it to date the message");
        }
        Element timestamp = (Element) timestamps.get(0).get(WSSecurityEngineResult.TAG_TOKEN_ELEMENT);
        Element body = WSSecurityUtil.findBodyElement(envelope);
        X509Certificate signer = null;
        boolean bodySigned = false;
        boolean timestampSigned = false;
        for (WSSecurityEngineResult signature : signatures) {
            X509Certificate certificate = (X509Certificate) signature.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE);
            if (certificate == null) {
                throw new SecurityRefusal(Cause.SIGNATURE_INVALID, "the signature carries no X.509 certificate"
                        + " (ModI ID_AUTH_SOAP_01: BinarySecurityToken with the signer's certificate)");
            }
            if (signer != null && !signer.equals(certificate)) {
                throw new SecurityRefusal(Cause.SIGNATURE_INVALID, "the envelope is signed by more than one certificate");
            }
            signer = certificate;
            @SuppressWarnings("unchecked")
            List<WSDataRef> references = (List<WSDataRef>) signature.get(WSSecurityEngineResult.TAG_DATA_REF_URIS);
            for (WSDataRef reference : references == null ? List.<WSDataRef>of() : references) {
                Element protectedElement = reference.getProtectedElement();
                bodySigned |= body != null && protectedElement == body && !reference.isContent();
                timestampSigned |= protectedElement == timestamp;
            }
        }
        if (!bodySigned) {
            throw new SecurityRefusal(Cause.SIGNATURE_INVALID, "body not signed: the signature does not cover the whole"
                    + " soap:Body (ModI ID_AUTH_SOAP_01 requires Body and Timestamp to be signed)");
        }
        if (!timestampSigned) {
            throw new SecurityRefusal(Cause.SIGNATURE_INVALID, "timestamp not signed: the signature does not cover the"
                    + " wsu:Timestamp (ModI ID_AUTH_SOAP_01 requires Body and Timestamp to be signed)");
        }
        return signer;
    }

    private WSHandlerResult process(Document envelope, Element header) {
        RequestData data = new RequestData();
        WSSConfig config = WSSConfig.getNewInstance();
        config.setValidator(WSConstants.SIGNATURE, (Validator) this::trustSigner);
        data.setWssConfig(config);
        data.setSigVerCrypto(crypto);
        data.setTimeStampTTL((int) timestampTtl.toSeconds());
        data.setTimeStampFutureTTL((int) futureSkew.toSeconds());
        data.setTimeStampStrict(true);
        data.setRequireTimestampExpires(true);
        data.setAlgorithmSuite(ALGORITHMS);
        try {
            WSHandlerResult results = new WSSecurityEngine().processSecurityHeader(header, data);
            if (results == null) {
                throw new SecurityRefusal(Cause.SIGNATURE_INVALID, "unsigned: the wsse:Security header is empty");
            }
            return results;
        } catch (WSSecurityException e) {
            SecurityRefusal ours = find(e);
            if (ours != null) {
                throw ours;
            }
            throw new SecurityRefusal(Cause.SIGNATURE_INVALID, describe(e, header));
        } catch (RuntimeException e) {
            SecurityRefusal ours = find(e);
            throw ours != null ? ours : new SecurityRefusal(Cause.SIGNATURE_INVALID,
                    "WS-Security header refused: " + e.getMessage());
        }
    }

    /**
     * ModI ID_AUTH_SOAP_01 authenticates with an X.509 signature only. A UsernameToken is refused
     * here, saying so, before WSS4J looks for a password callback it has no use for.
     */
    private static void refusePasswords(Element header) {
        for (Node child = header.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element token && "UsernameToken".equals(token.getLocalName())
                    && WSConstants.WSSE_NS.equals(token.getNamespaceURI())) {
                throw new SecurityRefusal(Cause.SIGNATURE_INVALID, "wsse:UsernameToken refused: this agreement requires"
                        + " an X.509 signature (ModI ID_AUTH_SOAP_01) over Body and Timestamp, made with the agreement's"
                        + " certificate, not a user name and password");
            }
        }
    }

    /** Names the refused algorithm (WSS4J's own suite check, which also enforces these, says only "invalid security"). */
    private static void checkAlgorithms(Element header) {
        var methods = header.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "*");
        for (int i = 0; i < methods.getLength(); i++) {
            Element method = (Element) methods.item(i);
            String algorithm = method.getAttribute("Algorithm");
            boolean refused = switch (method.getLocalName()) {
                case "SignatureMethod" -> !ALGORITHMS.getSignatureMethods().contains(algorithm);
                case "DigestMethod" -> !ALGORITHMS.getDigestAlgorithms().contains(algorithm);
                case "CanonicalizationMethod" -> !ALGORITHMS.getC14nAlgorithms().contains(algorithm);
                default -> false;
            };
            if (refused) {
                throw new SecurityRefusal(Cause.SIGNATURE_INVALID, "signature algorithm refused: ds:" + method.getLocalName()
                        + " " + algorithm + "; ModI ID_AUTH_SOAP_01 requires RSA (2048 bits or more) or ECDSA with"
                        + " SHA-256/384/512 and exclusive canonicalisation");
            }
        }
    }

    private String describe(WSSecurityException e, Element header) {
        WSSecurityException.ErrorCode code = e.getErrorCode();
        if (code == WSSecurityException.ErrorCode.MESSAGE_EXPIRED) {
            return "timestamp expired or not yet valid: " + timestampText(header) + "; the gateway accepts messages created"
                    + " at most " + timestampTtl.toSeconds() + " s ago (pis.soap.timestamp-ttl), at most "
                    + futureSkew.toSeconds() + " s in the future (pis.soap.future-skew), and not past Expires";
        }
        if (code == WSSecurityException.ErrorCode.FAILED_CHECK) {
            return "signature invalid: the signed content does not match the signature (tampered after signing?): "
                    + e.getMessage();
        }
        return "WS-Security header refused (" + code + "): " + e.getMessage();
    }

    private static String timestampText(Element header) {
        for (Node child = header.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && "Timestamp".equals(e.getLocalName())) {
                return "wsu:Timestamp Created " + childText(e, "Created") + ", Expires " + childText(e, "Expires");
            }
        }
        return "no wsu:Timestamp";
    }

    private static String childText(Element element, String localName) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && localName.equals(e.getLocalName())) {
                return e.getTextContent().strip();
            }
        }
        return "(none)";
    }

    private static SecurityRefusal find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SecurityRefusal refusal) {
                return refusal;
            }
        }
        return null;
    }

    /** WSS4J's trust step for signatures: the gateway's own, which says why. */
    private Credential trustSigner(Credential credential, RequestData data) {
        X509Certificate[] chain = credential.getCertificates();
        if (chain == null || chain.length == 0) {
            throw new SecurityRefusal(Cause.SIGNATURE_INVALID, "the signature carries no X.509 certificate"
                    + " (ModI ID_AUTH_SOAP_01: BinarySecurityToken with the signer's certificate)");
        }
        try {
            trust.verify(chain[0], chain);
        } catch (CertificateRefused e) {
            throw new SecurityRefusal(Cause.CERTIFICATE_REFUSED, "signer certificate refused: " + e.getMessage());
        }
        return credential;
    }
}
