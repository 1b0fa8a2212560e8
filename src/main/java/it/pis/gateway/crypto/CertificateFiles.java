package it.pis.gateway.crypto;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementCheck;
import it.pis.gateway.agreement.AgreementProblem;
import it.pis.gateway.agreement.InboundChannel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every certificate an agreement names ({@code inbound[].identity.certificate},
 * {@code outbound.certificate}) must be a readable X.509 file in the certificates folder. In
 * development a missing one is issued by the dev CA instead, so that adding a demo partner is
 * still one file.
 */
public final class CertificateFiles implements AgreementCheck {

    private final Path folder;
    private final boolean issueMissing;

    public CertificateFiles(Path folder, boolean issueMissing) {
        this.folder = folder;
        this.issueMissing = issueMissing;
    }

    public Path folder() {
        return folder;
    }

    public Path resolve(String name) {
        return folder.resolve(name);
    }

    @Override
    public List<AgreementProblem> check(Agreement agreement, String file) {
        List<AgreementProblem> problems = new ArrayList<>();
        for (int i = 0; i < agreement.inbound().size(); i++) {
            InboundChannel in = agreement.inbound().get(i);
            checkFile(in.identity().get("certificate"), file, "inbound[" + i + "].identity.certificate", problems);
        }
        if (agreement.outbound() != null) {
            checkFile(agreement.outbound().certificate(), file, "outbound.certificate", problems);
        }
        return problems;
    }

    private void checkFile(String name, String file, String field, List<AgreementProblem> problems) {
        if (name == null) {
            return;
        }
        Path path = folder.resolve(name);
        if (!Files.exists(path) && issueMissing) {
            DevCertificates.ensure(folder, List.of(name));
        }
        if (!Files.exists(path)) {
            problems.add(new AgreementProblem(file, field, path + " does not exist (put the partner's certificate there)"));
            return;
        }
        try {
            Pem.readCertificate(path);
        } catch (IOException e) {
            problems.add(new AgreementProblem(file, field, e.getMessage()));
        }
    }
}
