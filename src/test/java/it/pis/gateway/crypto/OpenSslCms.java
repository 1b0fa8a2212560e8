package it.pis.gateway.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code openssl cms -decrypt} run as a process, as a partner without Java would open what the gateway sends. */
public final class OpenSslCms {

    private OpenSslCms() {
    }

    /** The plaintext of DER CMS {@code der}, decrypted with the recipient's PEM certificate and key; fails with openssl's own words. */
    public static byte[] decrypt(byte[] der, Path certificate, Path privateKey) throws IOException, InterruptedException {
        Path in = Files.createTempFile("cms-", ".p7m");
        Path out = Files.createTempFile("cms-", ".out");
        Path errors = Files.createTempFile("cms-", ".err");
        try {
            Files.write(in, der);
            Process openssl = new ProcessBuilder(List.of("openssl", "cms", "-decrypt", "-binary", "-inform", "DER",
                    "-in", in.toString(), "-recip", certificate.toString(), "-inkey", privateKey.toString(),
                    "-out", out.toString()))
                    .redirectError(errors.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!openssl.waitFor(60, TimeUnit.SECONDS)) {
                openssl.destroyForcibly();
                throw new IOException("openssl cms -decrypt did not finish in 60 s");
            }
            if (openssl.exitValue() != 0) {
                throw new IOException("openssl cms -decrypt failed (exit " + openssl.exitValue() + "): "
                        + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(errors);
        }
    }

    /** {@code openssl cms -cmsout -print} of DER CMS: the structure as OpenSSL reads it (algorithms, recipients). */
    public static String print(byte[] der) throws IOException, InterruptedException {
        Path in = Files.createTempFile("cms-", ".p7m");
        try {
            Files.write(in, der);
            Process openssl = new ProcessBuilder(List.of("openssl", "cms", "-cmsout", "-print", "-inform", "DER",
                    "-in", in.toString())).redirectErrorStream(true).start();
            byte[] printed = openssl.getInputStream().readAllBytes();
            if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IOException("openssl cms -cmsout -print failed: " + new String(printed, StandardCharsets.UTF_8));
            }
            return new String(printed, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(in);
        }
    }
}
