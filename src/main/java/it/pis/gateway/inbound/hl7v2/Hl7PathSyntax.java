package it.pis.gateway.inbound.hl7v2;

import it.pis.gateway.agreement.Channels;
import it.pis.gateway.agreement.MappingPathSyntax;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Source paths of HL7 v2 mappings: HAPI Terser paths, {@code SEG[(rep)]-field[(rep)][-component[-subcomponent]]}
 * optionally behind groups; {@code (*)} (at most once) walks every repetition.
 */
public class Hl7PathSyntax implements MappingPathSyntax {

    private static final Pattern TERSER = Pattern.compile(
            "^(/\\.?)?([A-Z0-9_]+(\\(\\d+\\))?/)*[A-Z][A-Z0-9]{2}(\\((\\d+|\\*)\\))?-\\d+(\\((\\d+|\\*)\\))?(-\\d+){0,2}$");

    @Override
    public String channel() {
        return Channels.HL7V2_MLLP;
    }

    @Override
    public Optional<String> problemWith(String path) {
        if (!TERSER.matcher(path).matches()) {
            return Optional.of("'" + path + "' is not an HL7 v2 Terser path such as PID-5-1, PID-3(*)-1 or /.NTE-3");
        }
        if (path.indexOf("(*)") != path.lastIndexOf("(*)")) {
            return Optional.of("'" + path + "' may contain (*) only once");
        }
        return Optional.empty();
    }
}
