package it.pis.gateway.outbound;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v251.datatype.ED;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import it.pis.gateway.crypto.CadesEnvelopes;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * All the text a hospital can read in an MDM^T02 the gateway sent, found with independent parsers:
 * HAPI parses the message (any 2.x, into the 2.5.1 model) and every field, component and
 * repetition is collected unescaped; an ED observation is decoded: a signed document
 * ({@code application/pkcs7-mime}) is verified and unwrapped with BouncyCastle against the CA the
 * recipient trusts and its PDF's text extracted with PDFBox; another ED is taken as text when it
 * decodes as UTF-8 (PDFs as PDF text). Base64 itself never counts as readable text.
 */
public final class MdmWire {

    private MdmWire() {
    }

    /** One string per value read, in message order. */
    public static List<String> readableText(byte[] mdm, X509Certificate trustedCa) {
        try (HapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"))) {
            hapi.setValidationContext(ValidationContextFactory.noValidation());
            Message message = hapi.getPipeParser().parse(new String(mdm, StandardCharsets.UTF_8));
            List<String> out = new ArrayList<>();
            walk(message, out, trustedCa);
            return out;
        } catch (IOException | HL7Exception e) {
            throw new AssertionError("not an HL7 v2 message HAPI can parse: " + e.getMessage(), e);
        }
    }

    /** Everything readable as one text, values separated by line breaks. */
    public static String text(byte[] mdm, X509Certificate trustedCa) {
        return String.join("\n", readableText(mdm, trustedCa));
    }

    private static void walk(Group group, List<String> out, X509Certificate ca) throws HL7Exception {
        for (String name : group.getNames()) {
            for (Structure structure : group.getAll(name)) {
                if (structure instanceof Group child) {
                    walk(child, out, ca);
                } else if (structure instanceof Segment segment) {
                    for (int field = 1; field <= segment.numFields(); field++) {
                        for (Type value : segment.getField(field)) {
                            type(value, out, ca);
                        }
                    }
                }
            }
        }
    }

    private static void type(Type type, List<String> out, X509Certificate ca) throws HL7Exception {
        if (type instanceof Varies varies) {
            type(varies.getData(), out, ca);
        } else if (type instanceof ED ed) {
            ed(ed, out, ca);
        } else if (type instanceof Composite composite) {
            for (Type component : composite.getComponents()) {
                type(component, out, ca);
            }
        } else if (type instanceof Primitive primitive) {
            if (primitive.getValue() != null && !primitive.getValue().isEmpty()) {
                out.add(primitive.getValue());
            }
        } else if (type != null && type.encode() != null && !type.encode().isEmpty()) {
            out.add(type.encode());
        }
        if (type != null) {
            for (int i = 0; i < type.getExtraComponents().numComponents(); i++) {
                type(type.getExtraComponents().getComponent(i), out, ca);
            }
        }
    }

    private static void ed(ED ed, List<String> out, X509Certificate ca) {
        for (String part : new String[] {ed.getSourceApplication().getNamespaceID().getValue(),
                ed.getTypeOfData().getValue(), ed.getDataSubtype().getValue(), ed.getEncoding().getValue()}) {
            if (part != null && !part.isEmpty()) {
                out.add(part);
            }
        }
        String data = ed.getData().getValue();
        if (data == null || data.isEmpty()) {
            return;
        }
        byte[] bytes = "Base64".equalsIgnoreCase(ed.getEncoding().getValue()) ? Base64.getMimeDecoder().decode(data)
                : data.getBytes(StandardCharsets.UTF_8);
        if ("pkcs7-mime".equalsIgnoreCase(ed.getDataSubtype().getValue())) {
            bytes = CadesEnvelopes.verify(bytes, ca).content();
        }
        out.add(readable(bytes));
    }

    private static String readable(byte[] bytes) {
        if (bytes.length > 4 && new String(bytes, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-")) {
            try (PDDocument pdf = Loader.loadPDF(bytes)) {
                return new PDFTextStripper().getText(pdf);
            } catch (IOException e) {
                throw new AssertionError("an ED holds a PDF PDFBox cannot read: " + e.getMessage(), e);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException binary) {
            return "";
        }
    }
}
