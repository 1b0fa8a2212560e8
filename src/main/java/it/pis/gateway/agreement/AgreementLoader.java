package it.pis.gateway.agreement;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.Sex;
import it.pis.gateway.report.TargetGroup;
import it.pis.gateway.report.Urgency;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a folder of agreements ({@code *.yaml}), checks each against {@code agreement.schema.json}
 * and the rules a schema cannot express (unique ids, unique identities, valid source paths, enum
 * values in maps and defaults), and returns the whole set or every problem found.
 */
public final class AgreementLoader {

    private static final Map<String, Set<String>> ENUM_TARGETS = Map.of(
            "urgency", names(Urgency.values()),
            "confidentiality", names(Confidentiality.values()),
            "targetGroups", names(TargetGroup.values()),
            "person.sex", names(Sex.values()));

    /** Keywords reported on the parent object, whose error names the property at fault (missing, unknown, badly named). */
    private static final Set<String> NAMES_A_PROPERTY = Set.of("required", "additionalProperties", "propertyNames");

    /** Keywords whose error is about the value itself: the message names it, e.g. a misspelt sharing field. */
    private static final Set<String> VALUE_RULES = Set.of("enum", "const", "pattern");

    private final ObjectMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final Schema schema;
    private final Map<String, MappingPathSyntax> pathSyntax;
    private final List<AgreementCheck> checks;

    public AgreementLoader(List<MappingPathSyntax> pathSyntaxes) {
        this(pathSyntaxes, List.of());
    }

    public AgreementLoader(List<MappingPathSyntax> pathSyntaxes, List<AgreementCheck> checks) {
        this.checks = List.copyOf(checks);
        this.pathSyntax = pathSyntaxes.stream().collect(Collectors.toMap(MappingPathSyntax::channel, s -> s));
        try (InputStream in = AgreementLoader.class.getResourceAsStream("/agreement.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("agreement.schema.json is missing from the classpath");
            }
            this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public AgreementSet load(Path folder) {
        List<AgreementProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            throw new InvalidAgreementsException(List.of(
                    new AgreementProblem(folder.toString(), "", "agreement folder does not exist")));
        }
        List<Read> read = new ArrayList<>();
        for (Path file : yamlFiles(folder)) {
            Agreement agreement = read(file, problems);
            if (agreement != null) {
                read.add(new Read(file, agreement));
            }
        }
        // originals claim first, so that a clash is reported on the copy, naming the original
        read.sort(Read.ORIGINALS_FIRST);
        Map<String, Agreement> byId = new TreeMap<>();
        Map<String, Path> fileById = new HashMap<>();
        Map<AgreementSet.Identity, Agreement> byIdentity = new HashMap<>();
        Map<AgreementSet.Identity, String> claimedWhere = new HashMap<>();
        for (Read r : read) {
            Path earlier = fileById.putIfAbsent(r.agreement().id(), r.file());
            if (earlier != null) {
                problems.add(new AgreementProblem(r.file().toString(), "id", "duplicate id '" + r.agreement().id()
                        + "', already used by " + earlier + ": give this agreement its own id (by convention its file name)"));
            } else {
                byId.put(r.agreement().id(), r.agreement());
            }
            claimIdentities(r, byIdentity, claimedWhere, problems);
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(AgreementProblem::file));
            throw new InvalidAgreementsException(problems);
        }
        return new AgreementSet(byId, fileById, byIdentity);
    }

    /**
     * An agreement and its file. When two files clash (an id, an identity), the one reported is the
     * likelier copy: a file not named after its id before one that is ({@code protocols/<id>.yaml}
     * is the convention), then the newer file, then the later name.
     */
    private record Read(Path file, Agreement agreement) {

        static final Comparator<Read> ORIGINALS_FIRST = Comparator
                .comparing((Read r) -> !r.file().getFileName().toString().equals(r.agreement().id() + ".yaml"))
                .thenComparing(r -> lastModified(r.file()))
                .thenComparing(Read::file);

        private static FileTime lastModified(Path file) {
            try {
                return Files.getLastModifiedTime(file);
            } catch (IOException e) {
                return FileTime.fromMillis(Long.MAX_VALUE);
            }
        }
    }

    private static List<Path> yamlFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private Agreement read(Path file, List<AgreementProblem> problems) {
        String name = file.toString();
        JsonNode tree;
        try {
            tree = yaml.readTree(file.toFile());
        } catch (JacksonException e) {
            problems.add(new AgreementProblem(name, "", "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
            return null;
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            problems.add(new AgreementProblem(name, "", "file is empty"));
            return null;
        }
        List<Error> errors = schema.validate(tree);
        if (!errors.isEmpty()) {
            errors.forEach(e -> problems.add(new AgreementProblem(name, fieldOf(e), ruleOf(e))));
            return null;
        }
        Agreement agreement = yaml.treeToValue(tree, Agreement.class);
        checkMappings(agreement, name, problems);
        checkRetention(agreement.retention(), name, problems);
        checks.forEach(check -> problems.addAll(check.check(agreement, name)));
        return agreement;
    }

    private void checkMappings(Agreement agreement, String file, List<AgreementProblem> problems) {
        for (int i = 0; i < agreement.inbound().size(); i++) {
            InboundChannel in = agreement.inbound().get(i);
            MappingPathSyntax syntax = pathSyntax.get(in.channel());
            String at = "inbound[" + i + "]";
            in.mapping().forEach((target, rule) -> {
                String field = at + ".mapping." + target;
                if (rule.from() == null && rule.defaultValue() == null) {
                    problems.add(new AgreementProblem(file, field, "a rule needs 'from' or 'default'"));
                }
                if (syntax != null) {
                    if (rule.from() != null) {
                        syntax.problemWith(rule.from()).ifPresent(p ->
                                problems.add(new AgreementProblem(file, field + ".from", p)));
                    }
                    rule.where().keySet().forEach(path -> syntax.problemWith(path).ifPresent(p ->
                            problems.add(new AgreementProblem(file, field + ".where", p))));
                }
                if (!rule.where().isEmpty() && (rule.from() == null || !rule.from().contains("(*)"))) {
                    problems.add(new AgreementProblem(file, field + ".where",
                            "'where' picks a repetition, so 'from' must contain (*)"));
                }
                Set<String> allowed = ENUM_TARGETS.get(target);
                if (allowed != null) {
                    rule.map().forEach((from, to) -> checkEnum(allowed, to, file, field + ".map." + from, problems));
                    if (rule.defaultValue() != null) {
                        checkEnum(allowed, rule.defaultValue(), file, field + ".default", problems);
                    }
                }
            });
            in.defaults().forEach((target, value) -> {
                Set<String> allowed = ENUM_TARGETS.get(target);
                if (allowed != null) {
                    List<?> values = value instanceof List<?> list ? list : List.of(value);
                    values.forEach(v -> checkEnum(allowed, String.valueOf(v), file, at + ".defaults." + target, problems));
                }
            });
        }
    }

    /** The schema checks the shape of a period; this that it is one (PT30D has the shape, and no meaning). */
    private static void checkRetention(Retention retention, String file, List<AgreementProblem> problems) {
        if (retention == null) {
            return;
        }
        checkPeriod(retention.rawMessages(), file, "retention.rawMessages", problems);
        checkPeriod(retention.reports(), file, "retention.reports", problems);
        checkPeriod(retention.handovers(), file, "retention.handovers", problems);
        checkPeriod(retention.failedDeliveries(), file, "retention.failedDeliveries", problems);
        checkPeriod(retention.placementNotes(), file, "retention.placementNotes", problems);
    }

    private static void checkPeriod(String period, String file, String field, List<AgreementProblem> problems) {
        if (period == null) {
            return;
        }
        try {
            java.time.Duration.parse(period);
        } catch (java.time.format.DateTimeParseException e) {
            problems.add(new AgreementProblem(file, field, "'" + period + "' is not an ISO-8601 period such as P90D or PT12H"));
        }
    }

    private static void checkEnum(Set<String> allowed, String value, String file, String field,
                                  List<AgreementProblem> problems) {
        if (!allowed.contains(value)) {
            problems.add(new AgreementProblem(file, field, "'" + value + "' is not one of " + String.join(", ", allowed)));
        }
    }

    /** Claims each identity of the agreement; one already claimed by another file is a problem naming both. */
    private static void claimIdentities(Read read, Map<AgreementSet.Identity, Agreement> claimed,
                                        Map<AgreementSet.Identity, String> claimedWhere, List<AgreementProblem> problems) {
        Agreement agreement = read.agreement();
        for (int i = 0; i < agreement.inbound().size(); i++) {
            InboundChannel in = agreement.inbound().get(i);
            // sorted, so that the same folder always gets the same report
            for (Map.Entry<String, String> id : new TreeMap<>(in.identity()).entrySet()) {
                AgreementSet.Identity identity = new AgreementSet.Identity(in.channel(), id.getKey(), id.getValue());
                String field = "inbound[" + i + "].identity." + id.getKey();
                Agreement other = claimed.putIfAbsent(identity, agreement);
                if (other == null) {
                    claimedWhere.put(identity, read.file() + ", " + field);
                } else if (other != agreement) {
                    problems.add(new AgreementProblem(read.file().toString(), field, "identity " + id.getKey() + "="
                            + id.getValue() + " on " + in.channel() + " is already claimed by agreement " + other.id()
                            + " (" + claimedWhere.get(identity) + "): each partner needs an identity of its own"));
                }
            }
        }
    }

    /** The instance location as the README writes fields: {@code inbound[0].accept[4]}. */
    private static String fieldOf(Error e) {
        StringBuilder field = new StringBuilder();
        for (String part : e.getInstanceLocation().toString().replaceFirst("^[$/]", "").split("[/.]")) {
            if (part.isEmpty() || part.equals("$")) {
                continue;
            }
            if (part.matches("\\d+")) {
                field.append('[').append(part).append(']');
            } else {
                field.append(field.length() == 0 ? "" : ".").append(part);
            }
        }
        if (NAMES_A_PROPERTY.contains(e.getKeyword()) && e.getProperty() != null) {
            field.append(field.length() == 0 ? "" : ".").append(e.getProperty());
        }
        return field.toString();
    }

    private static String ruleOf(Error e) {
        String message = e.getMessage();
        if (VALUE_RULES.contains(e.getKeyword()) && e.getInstanceNode() != null && e.getInstanceNode().isValueNode()) {
            message = "'" + e.getInstanceNode().asString() + "' " + message;
        }
        return message + " (schema rule: " + e.getKeyword() + ")";
    }

    private static <E extends Enum<E>> Set<String> names(E[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
