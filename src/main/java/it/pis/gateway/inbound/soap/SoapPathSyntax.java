package it.pis.gateway.inbound.soap;

import it.pis.gateway.agreement.MappingPathSyntax;

import java.util.Optional;

/** Checks SOAP mapping paths (see {@link SoapPath}) when agreements are loaded. */
public class SoapPathSyntax implements MappingPathSyntax {

    @Override
    public String channel() {
        return SoapIntake.CHANNEL;
    }

    @Override
    public Optional<String> problemWith(String path) {
        return SoapPath.parse(path).isPresent() ? Optional.empty()
                : Optional.of("'" + path + "' is not a SOAP element path such as " + SoapPath.EXAMPLES
                        + " (element names from the operation element down, separated by '/', optionally ending in /@attribute)");
    }
}
