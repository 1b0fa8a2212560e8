package it.pis.gateway.journal;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** H2's "connection broken" family evicts the connection; anything else is left to HikariCP's own rules. */
class BrokenConnectionEvictionTest {

    private final BrokenConnectionEviction eviction = new BrokenConnectionEviction();

    @Test
    void aLostH2ServerEvictsTheConnection() {
        assertThat(eviction.adjudicate(new SQLException("Connection is broken: \"session closed\"", "90067", 90067)))
                .isEqualTo(Override.MUST_EVICT);
        SQLException chained = new SQLException("batch failed", "HY000", 0);
        chained.setNextException(new SQLException("Database is already closed", "90121", 90121));
        assertThat(eviction.adjudicate(chained)).isEqualTo(Override.MUST_EVICT);
    }

    @Test
    void aDuplicateKeyOrASyntaxErrorIsLeftToHikari() {
        assertThat(eviction.adjudicate(new SQLException("Unique index violation", "23505", 23505)))
                .isEqualTo(Override.CONTINUE_EVICT);
        assertThat(eviction.adjudicate(new SQLException("Syntax error", "42000", 42000))).isEqualTo(Override.CONTINUE_EVICT);
    }
}
