package it.pis.gateway.agreement;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agreements in force. A reload validates the whole folder first and swaps the set in one
 * step; if anything is wrong the old set stays and the problems are thrown to the caller.
 */
public class AgreementRegistry {

    private final AgreementLoader loader;
    private final Path folder;
    private final AtomicReference<AgreementSet> current = new AtomicReference<>();

    public AgreementRegistry(AgreementLoader loader, Path folder) {
        this.loader = loader;
        this.folder = folder;
        current.set(loader.load(folder));
    }

    public AgreementSet current() {
        return current.get();
    }

    public AgreementSet reload() {
        AgreementSet fresh = loader.load(folder);
        current.set(fresh);
        return fresh;
    }

    public Path folder() {
        return folder;
    }
}
