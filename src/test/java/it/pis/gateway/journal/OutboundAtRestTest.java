package it.pis.gateway.journal;

import it.pis.gateway.handover.Delivery;
import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument.Withheld;
import it.pis.gateway.journal.HandoverJournal.NewDelivery;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.TimeOrderedIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static it.pis.gateway.journal.JournalEncryptionTest.KEY_A;
import static it.pis.gateway.journal.JournalEncryptionTest.KEY_B;
import static it.pis.gateway.journal.JournalEncryptionTest.cipher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Personal data at rest on the outbound side, on H2 and PostgreSQL: a handover's body, each delivery's
 * content and its receipt, and a shelter's placement note are stored sealed (the person's name is in
 * none of the columns as read with JDBC), read back byte for byte where the gateway reads them (the
 * staff API's content and receipt, the dispatcher's queue, the console's handover), refused when
 * changed or moved between columns, and moved from key A to key B by {@link JournalRekey}.
 */
class OutboundAtRestTest {

    static final Instant T0 = Instant.parse("2026-12-01T03:00:00Z");
    static final String NAME = "ROSSI MARIO";
    static final JsonMapper JSON = JsonMapper.builder().build();

    MigratedJournal db;

    void open(String database) {
        db = MigratedJournal.open(database, "pis_outrest");
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    HandoverJournal journal(JournalCipher cipher) {
        return new HandoverJournal(db.jdbc, db.groupCommit(), JSON, cipher);
    }

    DeliveryQueue queue(JournalCipher cipher) {
        return new DeliveryQueue(db.jdbc, db.groupCommit(), cipher);
    }

    /** A handover to one recipient, its content and (when acknowledged) its receipt naming the person. */
    Handover create(JournalCipher cipher, String partner, boolean acknowledged) {
        Handover handover = new Handover(TimeOrderedIds.next(), List.of(UUID.randomUUID()), T0, "op.bianchi",
                List.of(partner), "Accolto " + NAME + " in pronta accoglienza", "Valutazione di " + NAME, null, null,
                null, null, null, null, Confidentiality.NORMAL);
        NewDelivery delivery = new NewDelivery(TimeOrderedIds.next(), partner, "hl7v2-mllp", "hl7v2-mdm",
                "mllp://127.0.0.1:1", "MSG-" + UUID.randomUUID(), "application/hl7-v2", content(partner),
                List.of("summary"), List.of(new Withheld("location", "not listed")), null);
        journal(cipher).create(handover, null, bytes("request"), List.of(delivery));
        if (acknowledged) {
            queue(cipher).record(delivery.id(), DeliveryState.QUEUED, new DeliveryQueue.Outcome(DeliveryState.ACKNOWLEDGED,
                    1, null, null, "HL7 ACK", "application/hl7-v2", receipt(partner), "attempt 1: AA"), T0.plusSeconds(1));
        }
        return handover;
    }

    static byte[] content(String partner) {
        return bytes("MSH|^~\\&|PIS|||" + partner + "\rPID|1||RSSMRA80A01H501U||" + NAME.replace(' ', '^'));
    }

    static byte[] receipt(String partner) {
        return bytes("MSH|^~\\&|" + partner + "\rMSA|AA\rNTE|1||ricevuto " + NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void handoverBodyDeliveryContentAndReceiptAreSealedInTheTablesAndReadBackExactly(String database) {
        open(database);
        JournalCipher a = cipher(KEY_A, "A");
        Handover acknowledged = create(a, "ospedale-san-carlo", true);
        Handover queued = create(a, "csm-milano-nord", false);

        db.jdbc.query("SELECT body, body_key_id FROM handover", rs -> {
            assertThat(rs.getString(1)).doesNotContainIgnoringCase("rossi").doesNotContain("Valutazione");
            assertThat(rs.getString(2)).isEqualTo("A");
        });
        db.jdbc.query("SELECT content, receipt, content_key_id, receipt_key_id, content_length, receipt_length FROM delivery",
                rs -> {
                    assertThat(latin1(rs.getBytes(1))).doesNotContain("ROSSI").doesNotContain("RSSMRA");
                    assertThat(rs.getString(3)).isEqualTo("A");
                    if (rs.getBytes(2) != null) {
                        assertThat(latin1(rs.getBytes(2))).doesNotContain("ROSSI");
                        assertThat(rs.getString(4)).isEqualTo("A");
                        assertThat(rs.getInt(6)).isEqualTo(receipt("ospedale-san-carlo").length);
                    }
                });

        HandoverJournal journal = journal(a);
        HandoverJournal.StoredHandover stored = journal.find(acknowledged.id()).orElseThrow();
        assertThat(stored.handover().summary()).isEqualTo("Accolto " + NAME + " in pronta accoglienza");
        assertThat(stored.purgedAt()).isNull();
        Delivery delivery = stored.deliveries().get(0);
        assertThat(delivery.contentLength()).as("the length of what was sent, not of the sealed value")
                .isEqualTo(content("ospedale-san-carlo").length);
        assertThat(delivery.receipt().length()).isEqualTo(receipt("ospedale-san-carlo").length);
        assertThat(delivery.contentSha256()).isEqualTo(HandoverJournal.sha256(content("ospedale-san-carlo")));
        assertThat(journal.content(acknowledged.id(), "ospedale-san-carlo").orElseThrow().content())
                .isEqualTo(content("ospedale-san-carlo"));
        assertThat(journal.receipt(acknowledged.id(), "ospedale-san-carlo").orElseThrow().content())
                .isEqualTo(receipt("ospedale-san-carlo"));
        assertThat(journal.list(null, null, 10)).extracting(h -> h.handover().assessment())
                .containsOnly("Valutazione di " + NAME);
        assertThat(queue(a).due("csm-milano-nord", T0.plusSeconds(5), 10)).singleElement()
                .satisfies(q -> {
                    assertThat(q.handoverId()).isEqualTo(queued.id());
                    assertThat(q.content()).isEqualTo(content("csm-milano-nord"));
                    assertThat(q.unreadable()).isNull();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aChangedOrMovedValueIsRefusedByItsTagAndTheDispatcherIsToldWhy(String database) {
        open(database);
        JournalCipher a = cipher(KEY_A, "A");
        Handover acknowledged = create(a, "ospedale-san-carlo", true);
        Handover queued = create(a, "csm-milano-nord", false);
        byte[] content = db.jdbc.queryForObject("SELECT content FROM delivery WHERE partner_id = 'csm-milano-nord'",
                byte[].class);
        content[content.length - 1] ^= 1;
        db.jdbc.update("UPDATE delivery SET content = ? WHERE partner_id = 'csm-milano-nord'", content);
        // the receipt's sealed bytes put where the content was: the same row, another column
        db.jdbc.update("UPDATE delivery SET content = receipt WHERE partner_id = 'ospedale-san-carlo'");
        String otherBody = db.jdbc.queryForObject("SELECT body FROM handover WHERE id = ?", String.class,
                queued.id().toString());
        db.jdbc.update("UPDATE handover SET body = ? WHERE id = ?", otherBody, acknowledged.id().toString());

        HandoverJournal journal = journal(a);
        assertThatThrownBy(() -> journal.content(queued.id(), "csm-milano-nord")).isInstanceOf(UnreadableJournalRow.class)
                .hasMessageContaining("delivery.content row").hasMessageContaining("authentication tag");
        assertThatThrownBy(() -> journal.content(acknowledged.id(), "ospedale-san-carlo"))
                .isInstanceOf(UnreadableJournalRow.class).hasMessageContaining("moved from another row");
        assertThatThrownBy(() -> journal.find(acknowledged.id())).isInstanceOf(UnreadableJournalRow.class)
                .hasMessageContaining("handover row " + acknowledged.id());
        assertThat(journal.receipt(acknowledged.id(), "ospedale-san-carlo").orElseThrow().content())
                .isEqualTo(receipt("ospedale-san-carlo"));
        assertThat(queue(a).due("csm-milano-nord", T0.plusSeconds(5), 10)).singleElement().satisfies(q -> {
            assertThat(q.content()).isNull();
            assertThat(q.unreadable()).contains("delivery.content row").contains("changed");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void rekeyMovesHandoversDeliveriesReceiptsAndNotesToKeyBAndPlaintextRowsToo(String database) {
        open(database);
        Handover legacy = create(JournalCipher.plaintext(), "ospedale-san-carlo", true);
        Handover underA = create(cipher(KEY_A, "A"), "ospedale-san-carlo", true);
        create(cipher(KEY_A, "A"), "csm-milano-nord", false);
        note(cipher(KEY_A, "A"), "d-1", "Ospite " + NAME + " arrivato alle 23");
        note(JournalCipher.plaintext(), "d-2", "Ospite " + NAME + " atteso");

        JournalCipher aAndB = cipher(KEY_A + "," + KEY_B, "B");
        List<String> unreadable = new ArrayList<>();
        JournalRekey.Result result = new JournalRekey(db.jdbc, db.tx, aAndB).run(1, unreadable::add);

        assertThat(result).isEqualTo(new JournalRekey.Result(0, 0, 3, 3, 2, 2, 0));
        assertThat(unreadable).isEmpty();
        assertThat(db.jdbc.queryForList("SELECT body_key_id FROM handover UNION ALL SELECT content_key_id FROM delivery"
                + " UNION ALL SELECT note_key_id FROM placement_decision", String.class)).hasSize(8).containsOnly("B");
        assertThat(db.jdbc.queryForList("SELECT receipt_key_id FROM delivery WHERE receipt IS NOT NULL", String.class))
                .hasSize(2).containsOnly("B");
        JournalCipher onlyB = cipher(KEY_B, "B");
        for (Handover h : List.of(legacy, underA)) {
            assertThat(journal(onlyB).find(h.id()).orElseThrow().handover().summary()).contains(NAME);
            assertThat(journal(onlyB).content(h.id(), "ospedale-san-carlo").orElseThrow().content())
                    .isEqualTo(content("ospedale-san-carlo"));
            assertThat(journal(onlyB).receipt(h.id(), "ospedale-san-carlo").orElseThrow().content())
                    .isEqualTo(receipt("ospedale-san-carlo"));
        }
        assertThat(new ShelterStore(db.jdbc, onlyB).decisions("P-1", 10)).extracting(ShelterStore.Decision::note)
                .containsExactly("Ospite " + NAME + " arrivato alle 23", "Ospite " + NAME + " atteso");
        assertThat(new JournalRekey(db.jdbc, db.tx, onlyB).run(1, unreadable::add).moved()).as("a second run finds nothing")
                .isZero();
    }

    /** A placement decision with its note sealed by {@code cipher}, as ShelterJournal stores it. */
    void note(JournalCipher cipher, String documentId, String note) {
        SealedText.Stored sealed = new SealedText(cipher, ShelterStore.NOTES).seal(documentId, note);
        db.jdbc.update("INSERT INTO shelter_document (id, partner_id, external_id, doc_type, received_at)"
                + " VALUES (?, 'dormitorio-viale-ortles', ?, 'PLACEMENT_DECISION', ?)", documentId, documentId,
                Timestamp.from(T0));
        db.jdbc.update("INSERT INTO placement_decision (document_id, partner_id, placement_id, decision, note, note_key_id,"
                        + " received_at) VALUES (?, 'dormitorio-viale-ortles', 'P-1', 'CONFIRMED', ?, ?, ?)", documentId,
                sealed.text(), sealed.keyId(), Timestamp.from(T0.plusSeconds(Integer.parseInt(documentId.substring(2)))));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
