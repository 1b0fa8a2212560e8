package it.pis.gateway.agreement;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * How one Report field is read from a partner's message. The short form in YAML is just the
 * source path ({@code narrative: NTE-3}); the long form adds a value map, a default and a
 * repetition filter:
 * <pre>
 * urgency: { from: PV2-25, map: { "1": EMERGENCY, "2": URGENT }, default: URGENT }
 * person.identifier: { from: "PID-3(*)-1", where: { "PID-3(*)-5": [CF, NNITA] } }
 * </pre>
 */
public record FieldRule(String from, Map<String, List<String>> where, Map<String, String> map,
                        @JsonProperty("default") String defaultValue) {

    public FieldRule {
        where = where == null ? Map.of() : Map.copyOf(where);
        map = map == null ? Map.of() : Map.copyOf(map);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static FieldRule path(String from) {
        return new FieldRule(from, null, null, null);
    }
}
