package it.pis.gateway.inbound.json;

import it.pis.gateway.agreement.MappingPathSyntax;
import tools.jackson.core.JsonPointer;

import java.util.Optional;

/**
 * Mapping paths on json-rest are RFC 6901 JSON Pointers into the posted document, such as
 * {@code /person/familyName}; a pointer to an array of values (e.g. {@code /needs}) reads every element.
 */
public class JsonPointerSyntax implements MappingPathSyntax {

    @Override
    public String channel() {
        return JsonRest.CHANNEL;
    }

    @Override
    public Optional<String> problemWith(String path) {
        if (path.isEmpty() || !path.startsWith("/")) {
            return Optional.of("'" + path + "' is not a JSON Pointer (RFC 6901) such as /person/familyName: it must start with '/'");
        }
        if (path.matches(".*~(?![01]).*")) {
            return Optional.of("'" + path + "' is not a JSON Pointer (RFC 6901): '~' must be followed by 0 or 1");
        }
        try {
            JsonPointer.compile(path);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("'" + path + "' is not a JSON Pointer (RFC 6901): " + e.getMessage());
        }
    }
}
