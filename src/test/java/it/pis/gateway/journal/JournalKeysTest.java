package it.pis.gateway.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the journal keys come from, and what a wrong setting says (never the key itself). */
class JournalKeysTest {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path data;

    @Test
    void productionWithoutKeysRefusesToStartAndSaysWhatToSet() {
        assertThatThrownBy(() -> ConfiguredJournalKeys.resolve("", "", false, data))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PIS_JOURNAL_ENCRYPTION_KEYS");
        assertThat(data.resolve(DevJournalKey.FILE)).doesNotExist();
    }

    @Test
    void theEmbeddedDefaultGeneratesOneDevKeyIntoTheDataDirAndKeepsIt() throws Exception {
        JournalKeys first = ConfiguredJournalKeys.resolve("", "", true, data);
        JournalKeys again = ConfiguredJournalKeys.resolve("", "", true, data);

        assertThat(first.currentId()).startsWith("dev-").isEqualTo(again.currentId());
        assertThat(first.current()).isEqualTo(again.current());
        assertThat(Files.readString(data.resolve(DevJournalKey.FILE))).startsWith(first.currentId() + ":");
    }

    @Test
    void providedKeysWinOverTheDevKeyAndTheCurrentOneMustBeAmongThem() {
        JournalKeys keys = ConfiguredJournalKeys.resolve("old:" + KEY + ", new:" + KEY, "new", true, data);
        assertThat(keys.ids()).containsExactly("old", "new");
        assertThat(keys.currentId()).isEqualTo("new");
        assertThat(data.resolve(DevJournalKey.FILE)).doesNotExist();

        assertThatThrownBy(() -> JournalKeys.parse("old:" + KEY + ",new:" + KEY, ""))
                .hasMessageContaining("current-key-id must name one of the keys [old, new]");
        assertThatThrownBy(() -> JournalKeys.parse("old:" + KEY, "other"))
                .hasMessageContaining("'other' is not among");
    }

    @Test
    void aMalformedKeyIsNamedButNeverShown() {
        assertThatThrownBy(() -> JournalKeys.parse("k1:c2hvcnQ=", null))
                .hasMessageContaining("key 'k1' has 5 bytes").hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> JournalKeys.parse("k1:not base64!", null))
                .hasMessageContaining("key 'k1' is not Base64").hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> JournalKeys.parse("k1:" + KEY + ",k1:" + KEY, null)).hasMessageContaining("given twice");
    }

    @Test
    void aPkcs12KeystoreGivesItsAesEntriesByAliasAndWinsOverTheList() throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "changeit-journal".toCharArray();
        for (String alias : new String[] {"key-2026", "key-2027"}) {
            javax.crypto.KeyGenerator generator = javax.crypto.KeyGenerator.getInstance("AES");
            generator.init(256);
            store.setEntry(alias, new java.security.KeyStore.SecretKeyEntry(generator.generateKey()),
                    new java.security.KeyStore.PasswordProtection(password));
        }
        Path file = data.resolve("journal.p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, password);
        }

        JournalKeys keys = ConfiguredJournalKeys.resolve(file.toString(), "changeit-journal", "other:" + KEY, "key-2027",
                false, data);

        assertThat(keys.ids()).containsExactlyInAnyOrder("key-2026", "key-2027");
        assertThat(keys.currentId()).isEqualTo("key-2027");
        JournalCipher cipher = new JournalCipher(keys);
        JournalCipher.Sealed sealed = cipher.seal("report", "r1", "ROSSI".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(cipher.open("report", "r1", sealed.keyId(), sealed.bytes())).asString().isEqualTo("ROSSI");
        assertThatThrownBy(() -> ConfiguredJournalKeys.resolve(file.toString(), "wrong", "", "key-2027", false, data))
                .hasMessageContaining("cannot read the journal keystore");
    }
}
