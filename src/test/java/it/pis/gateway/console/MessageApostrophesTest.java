package it.pis.gateway.console;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring passes a message through MessageFormat only when it has arguments: there an apostrophe
 * must be doubled ({@code l''{0}}), elsewhere it must not be, or the page shows it wrong
 * (a lost apostrophe, or two).
 */
class MessageApostrophesTest {

    private static final Pattern ARGUMENT = Pattern.compile("\\{\\d");
    private static final Pattern LONE_APOSTROPHE = Pattern.compile("(?<!')'(?!')");

    @ParameterizedTest
    @ValueSource(strings = {"i18n/admin.properties", "i18n/admin_en.properties"})
    void apostrophesAreDoubledExactlyWhenTheMessageHasArguments(String bundle) throws IOException {
        Properties messages = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/" + bundle)) {
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertThat(messages.stringPropertyNames()).isNotEmpty().allSatisfy(key -> {
            String text = messages.getProperty(key);
            if (ARGUMENT.matcher(text).find()) {
                assertThat(LONE_APOSTROPHE.matcher(text).find()).as(key + ": " + text).isFalse();
            } else {
                assertThat(text).as(key).doesNotContain("''");
            }
        });
    }
}
