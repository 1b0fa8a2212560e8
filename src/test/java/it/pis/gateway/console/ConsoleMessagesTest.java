package it.pis.gateway.console;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.io.InputStreamReader;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Italian and English keep the same keys: a page never shows a key name or falls back to the other language. */
class ConsoleMessagesTest {

    @Test
    void italianAndEnglishHaveTheSameKeysAndNoEmptyText() throws IOException {
        Properties italian = load("/messages.properties");
        Properties english = load("/messages_en.properties");
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
