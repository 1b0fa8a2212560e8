-- The audit trail: every login, look at personal data, take, handover, retry, agreement reload and
-- user change, append-only and tamper-evident. Each row carries the SHA-256 of the previous row's
-- hash and its own canonical content (journal/AuditChain says exactly what is hashed), so that
-- changing, removing or inserting a row breaks the chain at that row. The application only ever
-- INSERTs here; it never updates or deletes a row, and never purges (keep at least six months:
-- Garante, provvedimento 27/11/2008 on system administrators).
-- Written for PostgreSQL; H2 runs it in MODE=PostgreSQL. PostgreSQL also gets a trigger refusing
-- UPDATE, DELETE and TRUNCATE (db/vendor/postgresql/V8_1__audit_append_only.sql).

CREATE TABLE audit_event (
    -- 1, 2, 3, ... without gaps: a missing number is a removed row
    seq             BIGINT        PRIMARY KEY,
    at              TIMESTAMP WITH TIME ZONE NOT NULL,
    actor           VARCHAR(256)  NOT NULL,
    -- how the actor authenticated: form, basic, oidc, bearer, cli, system
    via             VARCHAR(16)   NOT NULL,
    action          VARCHAR(32)   NOT NULL,
    target          VARCHAR(256),
    -- OK, DENIED, FAILED, REFUSED
    outcome         VARCHAR(16)   NOT NULL,
    -- why personal data was looked at, as the user gave it
    reason          VARCHAR(1000),
    detail          VARCHAR(4000),
    remote_address  VARCHAR(64),
    node            VARCHAR(128)  NOT NULL,
    prev_hash       CHAR(64)      NOT NULL,
    hash            CHAR(64)      NOT NULL
);

CREATE INDEX ix_audit_at ON audit_event (at);
CREATE INDEX ix_audit_actor ON audit_event (actor, at);
CREATE INDEX ix_audit_action ON audit_event (action, at);

-- The end of the chain: one row, locked by every append (SELECT ... FOR UPDATE) so that two
-- appends, on one node or on two nodes sharing the database, never chain to the same predecessor.
-- It also records the last row, so that rows removed from the end are noticed.
CREATE TABLE audit_tip (
    id    INTEGER   PRIMARY KEY,
    seq   BIGINT    NOT NULL,
    hash  CHAR(64)  NOT NULL,
    CONSTRAINT ck_audit_tip_one_row CHECK (id = 1)
);

INSERT INTO audit_tip (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
