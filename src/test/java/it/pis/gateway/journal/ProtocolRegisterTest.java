package it.pis.gateway.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The outgoing protocol register (V5) on H2 in PostgreSQL mode and on PostgreSQL (127.0.0.1:5432, database test). */
class ProtocolRegisterTest {

    static final ZoneId ROME = ZoneId.of("Europe/Rome");
    static final Instant T0 = Instant.parse("2026-12-01T02:40:00Z");

    SingleConnectionDataSource db;
    JdbcTemplate jdbc;
    GroupCommit commits;
    ProtocolRegister register;
    MigratedJournal journalDb;

    void open(String database) {
        journalDb = MigratedJournal.open(database, "pis_protocol");
        db = journalDb.db;
        jdbc = journalDb.jdbc;
        commits = new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(db)), 64, 1000, 10_000);
        register = new ProtocolRegister(jdbc, commits, ROME);
    }

    @AfterEach
    void close() throws Exception {
        commits.close();
        journalDb.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void numbersAreProgressivePerRegisterAndADeliveryKeepsItsNumber(String database) {
        open(database);
        UUID first = UUID.randomUUID();

        ProtocolRegister.Registration one = register.register(first, "REG_PIS", T0);
        ProtocolRegister.Registration two = register.register(UUID.randomUUID(), "REG_PIS", T0.plusSeconds(1));
        ProtocolRegister.Registration other = register.register(UUID.randomUUID(), "REG_ALTRO", T0.plusSeconds(2));
        ProtocolRegister.Registration again = register.register(first, "REG_PIS", T0.plusSeconds(60));

        assertThat(one.number()).isEqualTo(1);
        assertThat(one.at()).isEqualTo(T0.atZone(ROME));
        assertThat(two.number()).isEqualTo(2);
        assertThat(other.number()).isEqualTo(1);
        assertThat(again).isEqualTo(one);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void numberingStartsAgainOnTheFirstOfJanuaryInTheCentresTimeZone(String database) {
        open(database);
        register.register(UUID.randomUUID(), "REG_PIS", Instant.parse("2026-12-31T22:59:58Z"));
        ProtocolRegister.Registration lastOf2026 = register.register(UUID.randomUUID(), "REG_PIS",
                Instant.parse("2026-12-31T22:59:59Z"));
        ProtocolRegister.Registration firstOf2027 = register.register(UUID.randomUUID(), "REG_PIS",
                Instant.parse("2026-12-31T23:00:00Z"));

        assertThat(lastOf2026.number()).isEqualTo(2);
        assertThat(lastOf2026.at().getYear()).isEqualTo(2026);
        assertThat(firstOf2027.number()).isEqualTo(1);
        assertThat(firstOf2027.at().toLocalDate()).hasToString("2027-01-01");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void concurrentRegistrationsGetDistinctNumbersWithoutGaps(String database) throws Exception {
        open(database);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ProtocolRegister.Registration>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> register.register(UUID.randomUUID(), "REG_PIS", T0)));
            }
            Set<Long> numbers = new TreeSet<>();
            for (Future<ProtocolRegister.Registration> f : futures) {
                numbers.add(f.get().number());
            }
            assertThat(numbers).hasSize(40).first().isEqualTo(1L);
            assertThat(numbers).last().isEqualTo(40L);
        } finally {
            pool.shutdownNow();
        }
    }
}
