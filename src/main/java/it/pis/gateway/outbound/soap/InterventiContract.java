package it.pis.gateway.outbound.soap;

import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

/**
 * The contract the police partner implements (wsdl/interventi.wsdl and interventi.xsd): names,
 * namespaces and the compiled schema, shared by the renderer, the sender and the answer reader.
 */
public final class InterventiContract {

    public static final String NAMESPACE = "urn:it:pis:gateway:interventi:v1";
    public static final String ACTION = NAMESPACE + ":DeliverHandover";
    public static final QName SERVICE = new QName(NAMESPACE, "InterventiService");
    public static final QName PORT = new QName(NAMESPACE, "InterventiPort");
    public static final String REQUEST = "DeliverHandover";
    public static final String RESPONSE = "DeliverHandoverResponse";

    public static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    public static final String WSA = "http://www.w3.org/2005/08/addressing";
    public static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    /** SOAP 1.1 over HTTP. */
    public static final String CONTENT_TYPE = "text/xml; charset=UTF-8";

    private static final Schema SCHEMA = compile();

    private InterventiContract() {
    }

    /** wsdl/interventi.xsd, compiled once (a Schema is thread-safe; make a Validator per use). */
    public static Schema schema() {
        return SCHEMA;
    }

    private static Schema compile() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newSchema(InterventiContract.class.getResource("/wsdl/interventi.xsd"));
        } catch (SAXException e) {
            throw new IllegalStateException("wsdl/interventi.xsd is not a valid schema", e);
        }
    }
}
