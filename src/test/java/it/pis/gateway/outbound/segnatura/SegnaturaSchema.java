package it.pis.gateway.outbound.segnatura;

import it.pis.gateway.Corpus;
import org.w3c.dom.Document;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The AgID Segnatura v3.0.0 schema of the shared corpus ({@code segnatura/segnatura_protocollo.xsd}
 * with its xmldsig import), loaded offline: the xmldsig schema's DOCTYPE names
 * {@code http://www.w3.org/2001/XMLSchema.dtd}, which is answered here with an empty DTD (its internal
 * subset declares what the schema uses), so nothing is fetched and the import is not dropped.
 */
public final class SegnaturaSchema {

    private static Schema schema;

    private SegnaturaSchema() {
    }

    /** Every problem the schema finds in the document (empty: valid); a DOCTYPE in it is refused. */
    public static List<String> problems(byte[] xml) throws Exception {
        Validator validator = schema().newValidator();
        List<String> problems = new ArrayList<>();
        validator.setErrorHandler(new DefaultHandler() {
            @Override
            public void error(SAXParseException e) {
                problems.add("line " + e.getLineNumber() + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                problems.add("line " + e.getLineNumber() + ": " + e.getMessage());
            }
        });
        validator.validate(new DOMSource(parse(xml)));
        return problems;
    }

    static synchronized Schema schema() throws SAXException {
        if (schema == null) {
            Path xsd = Corpus.path("outbound/segnatura").resolve("segnatura_protocollo.xsd");
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            List<String> warnings = new ArrayList<>();
            factory.setErrorHandler(new DefaultHandler() {
                @Override
                public void warning(SAXParseException e) {
                    warnings.add(e.getMessage());
                }
            });
            factory.setResourceResolver(new OfflineDtds());
            schema = factory.newSchema(xsd.toFile());
            if (!warnings.isEmpty()) {
                throw new IllegalStateException("the Segnatura schema did not load cleanly: " + warnings);
            }
        }
        return schema;
    }

    public static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    /** Answers the W3C schema DTDs with an empty one; everything else resolves as usual (local files). */
    private static final class OfflineDtds implements LSResourceResolver {
        @Override
        public LSInput resolveResource(String type, String namespace, String publicId, String systemId, String baseUri) {
            if (systemId != null && systemId.startsWith("http://www.w3.org/2001/") && systemId.endsWith(".dtd")) {
                return new EmptyInput(publicId, systemId, baseUri);
            }
            if (systemId != null && (systemId.startsWith("http:") || systemId.startsWith("https:"))) {
                throw new IllegalStateException("the schema wants " + systemId + " from the network; refused");
            }
            return null;
        }
    }

    private record EmptyInput(String publicId, String systemId, String baseUri) implements LSInput {
        public Reader getCharacterStream() { return null; }
        public void setCharacterStream(Reader r) { }
        public InputStream getByteStream() { return new ByteArrayInputStream(new byte[0]); }
        public void setByteStream(InputStream s) { }
        public String getStringData() { return null; }
        public void setStringData(String s) { }
        public String getSystemId() { return systemId; }
        public void setSystemId(String s) { }
        public String getPublicId() { return publicId; }
        public void setPublicId(String s) { }
        public String getBaseURI() { return baseUri; }
        public void setBaseURI(String s) { }
        public String getEncoding() { return null; }
        public void setEncoding(String s) { }
        public boolean getCertifiedText() { return false; }
        public void setCertifiedText(boolean b) { }
    }
}
