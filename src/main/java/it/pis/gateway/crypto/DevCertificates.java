package it.pis.gateway.crypto;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;

/**
 * The development PKI, made with BouncyCastle: a CA, the gateway's certificate (TLS server on
 * 8443/2576, CMS recipient) and one client certificate per partner named in the agreements.
 * Every file is PEM ({@code .crt}, {@code .key} as PKCS#8) plus a PKCS#12 per key pair for Java
 * clients (password {@value #DEV_PASSWORD}). Never used by the production profile, which is given
 * its keys.
 */
public final class DevCertificates {

    public static final String DEV_PASSWORD = "changeit";
    public static final String CA = "dev-ca";
    public static final String GATEWAY = "gateway";
    private static final Duration VALIDITY = Duration.ofDays(825);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate with its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key, X509Certificate issuer) {
        public X509Certificate[] chain() {
            return issuer == null ? new X509Certificate[] {certificate} : new X509Certificate[] {certificate, issuer};
        }
    }

    private DevCertificates() {
    }

    /**
     * Creates whatever is missing in {@code dir}: the CA, the gateway's certificate and a client
     * certificate for each name in {@code partnerCertificates} (e.g. {@code cav-milano.crt}).
     * Existing files are kept, so partners' copies stay valid across restarts.
     */
    public static void ensure(Path dir, Collection<String> partnerCertificates) {
        try {
            Files.createDirectories(dir);
            Issued ca;
            if (Files.exists(dir.resolve(CA + ".crt")) && Files.exists(dir.resolve(CA + ".key"))) {
                ca = new Issued(Pem.readCertificate(dir.resolve(CA + ".crt")), Pem.readPrivateKey(dir.resolve(CA + ".key")), null);
            } else {
                ca = newCa("PIS gateway development CA", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(VALIDITY.multipliedBy(2)));
                write(dir, CA, ca);
            }
            if (!Files.exists(dir.resolve(GATEWAY + ".crt")) || !Files.exists(dir.resolve(GATEWAY + ".key"))) {
                write(dir, GATEWAY, issue(ca, "localhost", Instant.now().minus(Duration.ofDays(1)),
                        Instant.now().plus(VALIDITY), true));
            }
            for (String file : partnerCertificates) {
                String name = file.replaceFirst("\\.(crt|pem)$", "");
                if (!Files.exists(dir.resolve(file))) {
                    write(dir, name, issue(ca, name, Instant.now().minus(Duration.ofDays(1)),
                            Instant.now().plus(VALIDITY), false));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write development certificates to " + dir, e);
        }
    }

    public static Issued newCa(String commonName, Instant notBefore, Instant notAfter) {
        try {
            KeyPair keys = rsaKeys();
            X500Name name = name(commonName);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
                    Date.from(notAfter), name, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new Issued(sign(builder, keys.getPrivate()), keys.getPrivate(), null);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create a development CA", e);
        }
    }

    /**
     * Issues an end-entity certificate: a TLS server certificate for localhost when {@code server},
     * else a client certificate; either can also sign (WS-Security, JWS, CAdES) and receive CMS.
     */
    public static Issued issue(Issued ca, String commonName, Instant notBefore, Instant notAfter, boolean server) {
        try {
            KeyPair keys = rsaKeys();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    Date.from(notBefore), Date.from(notAfter), name(commonName), keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                    | KeyUsage.nonRepudiation | KeyUsage.keyEncipherment));
            // emailProtection: the same key signs CMS documents (CAdES .p7m), which verifiers such as
            // `openssl cms -verify` accept only from a certificate whose EKU allows S/MIME
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_emailProtection}));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca.certificate()));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            return new Issued(sign(builder, ca.key()), keys.getPrivate(), ca.certificate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue a development certificate for " + commonName, e);
        }
    }

    /** Writes {@code name.crt}, {@code name.key} (owner-only) and, for end entities, {@code name.p12}. */
    private static void write(Path dir, String name, Issued issued) throws IOException {
        Pem.writeCertificate(dir.resolve(name + ".crt"), issued.certificate());
        Pem.writePrivateKey(dir.resolve(name + ".key"), issued.key());
        if (issued.issuer() != null) {
            writePkcs12(dir.resolve(name + ".p12"), name, issued);
        }
    }

    /** A PKCS#12 key store holding the key, its certificate and the issuer, under {@code alias}. */
    public static KeyStore pkcs12(String alias, Issued issued) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, issued.key(), DEV_PASSWORD.toCharArray(), (Certificate[]) issued.chain());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a PKCS#12 store", e);
        }
    }

    private static void writePkcs12(Path file, String alias, Issued issued) throws IOException {
        try (var out = Files.newOutputStream(file)) {
            pkcs12(alias, issued).store(out, DEV_PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write " + file, e);
        }
        Pem.ownerOnly(file);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair rsaKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    private static X500Name name(String commonName) {
        return new X500Name("CN=" + commonName.replace(",", "\\,") + ",OU=Development only,O=PIS gateway,C=IT");
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
