package it.pis.gateway.console;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.io.InputStreamReader;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Italian and English keep the same keys: a page never shows a key name or falls back to the other language. */
class ConsoleMessagesTest {

    /** The bundles of spring.messages.basename: the frame's, the operator pages', the admin pages'. */
    @ParameterizedTest
    @ValueSource(strings = {"messages", "i18n/operator", "i18n/admin"})
    void italianAndEnglishHaveTheSameKeysAndNoEmptyText(String bundle) throws IOException {
        Properties italian = load("/" + bundle + ".properties");
        Properties english = load("/" + bundle + "_en.properties");
        assertThat(english.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(italian.stringPropertyNames());
        assertThat(italian.values()).allSatisfy(v -> assertThat(v.toString()).isNotBlank());
        assertThat(english.values()).allSatisfy(v -> assertThat(v.toString()).isNotBlank());
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ConsoleMessagesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
