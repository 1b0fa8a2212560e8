package it.pis.gateway.inbound;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.TimeOrderedIds;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.UUID;

/**
 * A message on its way in, as it is known step by step: raw bytes first, then who sent it and
 * what it is, then its Report, then what the journal did with it. Channel-agnostic; the
 * protocol-specific parts stay in {@code protocolData}.
 */
public final class InboundMessage {

    /**
     * What the journal did with a message: a new report, a duplicate (its key came before with the
     * same content), or a key reused for other content (refused, see {@code InboundJournal}).
     */
    public enum Outcome { NEW_REPORT, DUPLICATE, KEY_REUSED }

    /**
     * Where the idempotency key came from: the message itself (MSH-10, a Bundle identifier, a SOAP
     * message id), or an HTTP {@code Idempotency-Key} header, whose reuse for another request the
     * IETF draft answers with 422.
     */
    public enum KeyOrigin { MESSAGE, IDEMPOTENCY_KEY_HEADER }

    private final UUID id = TimeOrderedIds.next();
    private final Instant receivedAt = Instant.now();
    private final String channel;
    private final byte[] raw;
    private String claimedIdentity;
    private Agreement agreement;
    private String externalId;
    private String messageType;
    private Charset charset;
    private Object protocolData;
    private Report report;
    private Outcome outcome;
    private String contentHash;
    private KeyOrigin keyOrigin = KeyOrigin.MESSAGE;
    private String firstUseOfKey;

    public InboundMessage(String channel, byte[] raw) {
        this.channel = channel;
        this.raw = raw;
    }

    public UUID id() { return id; }
    public Instant receivedAt() { return receivedAt; }
    public String channel() { return channel; }
    public byte[] raw() { return raw; }
    public String claimedIdentity() { return claimedIdentity; }
    public Agreement agreement() { return agreement; }
    public String partnerId() { return agreement == null ? null : agreement.id(); }
    public String externalId() { return externalId; }
    public String messageType() { return messageType; }
    public Charset charset() { return charset; }
    public Object protocolData() { return protocolData; }
    public Report report() { return report; }
    public Outcome outcome() { return outcome; }
    /** The Report as the journal stored it, so that publishing need not read it back. */

    /** SHA-256 (hex) of what the message says, without what a genuine resend may change; null if not computed. */
    public String contentHash() { return contentHash; }
    public KeyOrigin keyOrigin() { return keyOrigin; }
    /** For {@link Outcome#KEY_REUSED}: the report or document the key first made. */
    public String firstUseOfKey() { return firstUseOfKey; }

    public boolean isNewReport() {
        return outcome == Outcome.NEW_REPORT;
    }

    public String reportId() {
        return report == null ? null : report.id().toString();
    }

    public InboundMessage claimed(String identity, String externalId, String messageType) {
        this.claimedIdentity = identity;
        this.externalId = externalId;
        this.messageType = messageType;
        return this;
    }

    public InboundMessage identifiedAs(Agreement agreement) {
        this.agreement = agreement;
        return this;
    }

    public InboundMessage decoded(Charset charset, Object protocolData) {
        this.charset = charset;
        this.protocolData = protocolData;
        return this;
    }

    public InboundMessage fingerprinted(String contentHash, KeyOrigin keyOrigin) {
        this.contentHash = contentHash;
        this.keyOrigin = keyOrigin;
        return this;
    }

    public InboundMessage mapped(Report report) {
        this.report = report;
        return this;
    }

    public InboundMessage journaled(Outcome outcome, Report report) {
        this.outcome = outcome;
        this.report = report;
        return this;
    }

    /** The key already made {@code firstUse} (a report or document id) from other content: nothing was stored. */
    public InboundMessage keyReused(String firstUse) {
        this.outcome = Outcome.KEY_REUSED;
        this.firstUseOfKey = firstUse;
        return this;
    }
}
