package it.pis.gateway.policy;

import java.util.Arrays;
import java.util.Optional;

/**
 * The vocabulary of an agreement's {@code sharing.fields}: every Report and Handover field a
 * recipient may be allowed to receive. Anything not listed in its agreement stays in the centre.
 * The agreement schema lists the same names (a test keeps the two equal).
 */
public enum SharedField {
    PERSON_FAMILY_NAME("person.familyName"),
    PERSON_GIVEN_NAME("person.givenName"),
    PERSON_BIRTH_DATE("person.birthDate"),
    PERSON_ESTIMATED_AGE("person.estimatedAge"),
    PERSON_SEX("person.sex"),
    PERSON_IDENTIFIER("person.identifier"),
    PERSON_CITIZENSHIP("person.citizenship"),
    PERSON_LANGUAGE("person.language"),
    LOCATION("location"),
    NEEDS("needs"),
    NARRATIVE("narrative"),
    CONTACT("contact"),
    SUMMARY("summary"),
    ASSESSMENT("assessment"),
    ACTIONS("actions"),
    INTERVENTIONS("interventions"),
    PLACEMENT("placement"),
    URGENT_HELP_PROJECT("urgentHelpProject"),
    JUDICIAL_NOTICES("judicialNotices"),
    ATTACHMENTS("attachments");

    private final String path;

    SharedField(String path) {
        this.path = path;
    }

    /** The name used in agreements and in the API, e.g. {@code person.familyName}. */
    public String path() {
        return path;
    }

    public static Optional<SharedField> ofPath(String path) {
        return Arrays.stream(values()).filter(f -> f.path.equals(path)).findFirst();
    }
}
