package it.pis.gateway.agreement;

import java.util.Optional;

/**
 * The source-path language of one channel (HL7 v2 Terser paths, FHIRPath, JSON Pointer...), so
 * that a wrong path in an agreement is refused at load time rather than on the first message.
 */
public interface MappingPathSyntax {

    String channel();

    /** Why the path is not valid on this channel, or empty when it is. */
    Optional<String> problemWith(String path);
}
