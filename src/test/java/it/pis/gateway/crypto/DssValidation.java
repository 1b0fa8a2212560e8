package it.pis.gateway.crypto;

import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * EU DSS's validator, the reference eIDAS implementation, run as an outsider: in a JVM of its own,
 * because DSS 6.x needs Apache Santuario 3 where the gateway's class path has Santuario 4 (CXF).
 * {@link #validate} starts it on a signed file and returns what DSS says about the first signature.
 */
public final class DssValidation {

    private DssValidation() {
    }

    /**
     * DSS's verdict on {@code signed}, with {@code trustedCas} (PEM) as trust anchors: {@code format}
     * (e.g. XAdES-BASELINE-B), {@code intact}, {@code valid}, {@code signer} (DN), {@code trustedChain},
     * {@code signingTime}, {@code indication}, {@code subIndication}, {@code signatures}.
     */
    public static Map<String, String> validate(Path signed, Path trustedCas) throws Exception {
        Path santuario3 = Path.of("target/dss-validator/xmlsec-3.0.6.jar");
        if (!Files.exists(santuario3)) {
            throw new IllegalStateException(santuario3 + " is missing: run the tests through Maven"
                    + " (maven-dependency-plugin copies it at generate-test-resources)");
        }
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>();
        for (String entry : testClassPath.split(File.pathSeparator)) {
            if (!new File(entry).getName().startsWith("xmlsec-")) {
                entries.add(entry);
            }
        }
        entries.add(santuario3.toAbsolutePath().toString());
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, entries), DssValidation.class.getName(),
                signed.toAbsolutePath().toString(), trustedCas.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("DSS validation failed: " + output);
        }
        Map<String, String> verdict = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("dss.")) {
                int eq = line.indexOf('=');
                verdict.put(line.substring(4, eq), line.substring(eq + 1).strip());
            }
        }
        if (verdict.isEmpty()) {
            throw new IllegalStateException("DSS said nothing usable: " + output);
        }
        return verdict;
    }

    /** In the DSS JVM: {@code <signed file> <trusted CAs PEM>}; prints {@code dss.<key>=<value>} lines. */
    public static void main(String[] args) throws Exception {
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new FileDocument(args[0]));
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        for (String block : Files.readString(Path.of(args[1])).split("(?=-----BEGIN CERTIFICATE-----)")) {
            if (block.contains("BEGIN CERTIFICATE")) {
                trusted.addCertificate(DSSUtils.loadCertificate(block.getBytes(StandardCharsets.US_ASCII)));
            }
        }
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        validator.setCertificateVerifier(verifier);
        Reports reports = validator.validateDocument();
        DiagnosticData diagnostic = reports.getDiagnosticData();
        SimpleReport simple = reports.getSimpleReport();
        System.out.println("dss.signatures=" + diagnostic.getSignatures().size());
        if (!diagnostic.getSignatures().isEmpty()) {
            SignatureWrapper signature = diagnostic.getSignatures().get(0);
            System.out.println("dss.format=" + signature.getSignatureFormat());
            System.out.println("dss.intact=" + signature.isSignatureIntact());
            System.out.println("dss.valid=" + signature.isSignatureValid());
            System.out.println("dss.signer=" + (signature.getSigningCertificate() == null ? ""
                    : signature.getSigningCertificate().getCertificateDN()));
            System.out.println("dss.trustedChain=" + (signature.getSigningCertificate() != null
                    && signature.getSigningCertificate().isTrustedChain()));
            System.out.println("dss.signingTime=" + signature.getClaimedSigningTime().toInstant());
            System.out.println("dss.indication=" + simple.getIndication(signature.getId()));
            System.out.println("dss.subIndication=" + simple.getSubIndication(signature.getId()));
            System.out.println("dss.errors=" + simple.getAdESValidationErrors(signature.getId()));
        }
    }
}
