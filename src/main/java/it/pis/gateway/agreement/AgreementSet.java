package it.pis.gateway.agreement;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** A complete, validated set of agreements, indexed by id and by the identities they claim. Immutable. */
public final class AgreementSet {

    /** What a partner shows on a channel to be recognised, e.g. hl7v2-mllp / sendingFacility / OSPSANCARLO. */
    public record Identity(String channel, String key, String value) {
    }

    private final Map<String, Agreement> byId;
    private final Map<String, Path> fileById;
    private final Map<Identity, Agreement> byIdentity;

    AgreementSet(Map<String, Agreement> byId, Map<String, Path> fileById, Map<Identity, Agreement> byIdentity) {
        this.byId = Map.copyOf(byId);
        this.fileById = Map.copyOf(fileById);
        this.byIdentity = Map.copyOf(byIdentity);
    }

    public Optional<Agreement> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<Agreement> byIdentity(String channel, String key, String value) {
        return Optional.ofNullable(byIdentity.get(new Identity(channel, key, value)));
    }

    public Collection<Agreement> all() {
        return byId.values();
    }

    public Path fileOf(String id) {
        return fileById.get(id);
    }

    public int size() {
        return byId.size();
    }
}
