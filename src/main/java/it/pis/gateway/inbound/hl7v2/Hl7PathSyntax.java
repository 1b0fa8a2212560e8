package it.pis.gateway.inbound.hl7v2;

import it.pis.gateway.agreement.Channels;
import it.pis.gateway.agreement.MappingPathSyntax;

import java.util.Optional;

/** Checks HL7 v2 mapping paths (see {@link Hl7Path}) when agreements are loaded. */
public class Hl7PathSyntax implements MappingPathSyntax {

    @Override
    public String channel() {
        return Channels.HL7V2_MLLP;
    }

    @Override
    public Optional<String> problemWith(String path) {
        return Hl7Path.parse(path).isPresent() ? Optional.empty()
                : Optional.of("'" + path + "' is not an HL7 v2 path such as " + Hl7Path.EXAMPLES
                        + " (segment[(rep)]-field[(rep)][-component[-subcomponent]], (*) at most once)");
    }
}
