package it.pis.gateway.it;

import it.pis.gateway.inbound.soap.SoapIntake;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.soap.SOAPBinding;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.jaxws.DispatchImpl;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.ws.security.wss4j.WSS4JOutInterceptor;
import org.apache.wss4j.common.ConfigurationConstants;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSPasswordCallback;
import org.apache.wss4j.dom.WSConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.Pem;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.callback.CallbackHandler;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamSource;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;

/**
 * Partners' SOAP clients: a CXF JAX-WS Dispatch client signing with CXF's WSS4JOutInterceptor
 * (Timestamp + X.509 signature over Body and Timestamp, BinarySecurityToken), over mutual TLS;
 * and a reader for the SOAP Faults the gateway answers.
 */
final class SoapClients {

    static final QName SERVICE = new QName(SoapIntake.NAMESPACE, "SegnalazioniService");
    static final QName PORT = new QName(SoapIntake.NAMESPACE, "SegnalazioniPort");

    private SoapClients() {
    }

    /**
     * A Dispatch client (payload mode: the SubmitReport element in, the response element out)
     * whose messages CXF signs with {@code alias}'s key from {@code signingKeys}.
     */
    static Dispatch<Source> cxfClient(String url, java.nio.file.Path certs, KeyStore tlsKeys, KeyStore signingKeys,
                                      String alias, String password) throws Exception {
        Service service = Service.create(SERVICE);
        service.addPort(PORT, SOAPBinding.SOAP11HTTP_BINDING, url);
        Dispatch<Source> dispatch = service.createDispatch(PORT, Source.class, Service.Mode.PAYLOAD);
        Client client = ((DispatchImpl<?>) dispatch).getClient();
        Merlin crypto = new Merlin();
        crypto.setKeyStore(signingKeys);
        Map<String, Object> wss = new HashMap<>();
        wss.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
        wss.put(ConfigurationConstants.USER, alias);
        wss.put(ConfigurationConstants.SIG_PROP_REF_ID, "signingCrypto");
        wss.put("signingCrypto", crypto);
        wss.put(ConfigurationConstants.SIG_KEY_ID, "DirectReference");
        wss.put(ConfigurationConstants.SIG_ALGO, WSConstants.RSA_SHA256);
        wss.put(ConfigurationConstants.SIG_DIGEST_ALGO, WSConstants.SHA256);
        wss.put(ConfigurationConstants.SIGNATURE_PARTS, "{}{http://schemas.xmlsoap.org/soap/envelope/}Body;"
                + "{}{" + WSConstants.WSU_NS + "}Timestamp");
        wss.put(ConfigurationConstants.PW_CALLBACK_REF, (CallbackHandler) callbacks -> {
            for (var callback : callbacks) {
                ((WSPasswordCallback) callback).setPassword(password);
            }
        });
        client.getOutInterceptors().add(new WSS4JOutInterceptor(wss));
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        // the partner's key and the development CA as CXF's own TLS client parameters
        TLSClientParameters parameters = new TLSClientParameters();
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(tlsKeys, "changeit".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("dev-ca", Pem.readCertificate(certs.resolve(DevCertificates.CA + ".crt")));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        parameters.setKeyManagers(keyManagers.getKeyManagers());
        parameters.setTrustManagers(trustManagers.getTrustManagers());
        conduit.setTlsClientParameters(parameters);
        return dispatch;
    }

    /** Sends a SubmitReport element and returns the response element. */
    static Element submit(Dispatch<Source> client, String envelope) throws Exception {
        String payload = envelope.substring(envelope.indexOf("<SubmitReport"), envelope.indexOf("</soap:Body>"));
        Source response = client.invoke(new StreamSource(new StringReader(payload)));
        DOMResult result = new DOMResult();
        TransformerFactory.newInstance().newTransformer().transform(response, result);
        Document document = (Document) result.getNode();
        return document.getDocumentElement();
    }

    static String text(Element parent, String localName) {
        return parent.getElementsByTagNameNS(SoapIntake.NAMESPACE, localName).item(0).getTextContent();
    }

    /** faultcode, faultstring and the detail's cause of a SOAP 1.1 Fault body. */
    record Fault(String code, String reason, String cause) {

        static Fault read(String body) throws Exception {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            var cause = document.getElementsByTagNameNS(SoapIntake.NAMESPACE, "cause");
            return new Fault(document.getElementsByTagName("faultcode").item(0).getTextContent(),
                    document.getElementsByTagName("faultstring").item(0).getTextContent(),
                    cause.getLength() == 0 ? null : cause.item(0).getTextContent());
        }
    }
}
