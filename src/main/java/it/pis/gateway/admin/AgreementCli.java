package it.pis.gateway.admin;

import it.pis.gateway.agreement.AgreementLoader;
import it.pis.gateway.agreement.AgreementSet;
import it.pis.gateway.agreement.InvalidAgreementsException;
import it.pis.gateway.agreement.MappingPathSyntax;
import it.pis.gateway.inbound.fhir.FhirPathSyntax;
import it.pis.gateway.inbound.hl7v2.Hl7PathSyntax;
import it.pis.gateway.inbound.json.JsonPointerSyntax;
import it.pis.gateway.inbound.soap.SoapPathSyntax;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar pis-gateway.jar validate [folder]}: checks a folder of agreements exactly as
 * start-up does, without starting anything. Exit code 0 when valid, 1 when not, 2 on bad usage.
 */
public final class AgreementCli {

    public static final String COMMAND = "validate";

    /** The path languages of the live channels; the same beans Spring gives the loader at start-up. */
    static final List<MappingPathSyntax> PATH_SYNTAXES = List.of(new Hl7PathSyntax(), new FhirPathSyntax(),
            new JsonPointerSyntax(), new SoapPathSyntax());

    private AgreementCli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 2) {
            err.println("usage: java -jar pis-gateway.jar validate [agreement-folder]   (default: protocols)");
            return 2;
        }
        Path folder = Path.of(args.length == 2 ? args[1] : "protocols");
        try {
            AgreementSet set = new AgreementLoader(PATH_SYNTAXES).load(folder);
            set.all().stream().sorted(java.util.Comparator.comparing(it.pis.gateway.agreement.Agreement::id)).forEach(a -> out.println("ok  " + set.fileOf(a.id()) + "  (" + a.id() + ", " + a.kind() + ")"));
            out.println(set.size() + " agreement(s) valid in " + folder);
            return 0;
        } catch (InvalidAgreementsException e) {
            err.println(e.getMessage());
            return 1;
        }
    }
}
