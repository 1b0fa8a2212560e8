-- Journal of every inbound message (accepted, duplicate or rejected) and the reports made from them.
-- Written for PostgreSQL; H2 runs it in MODE=PostgreSQL.

CREATE TABLE inbound_message (
    id               VARCHAR(36)   PRIMARY KEY,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    channel          VARCHAR(32)   NOT NULL,
    partner_id       VARCHAR(64),
    claimed_identity VARCHAR(256),
    external_id      VARCHAR(256),
    message_type     VARCHAR(64),
    charset          VARCHAR(32),
    outcome          VARCHAR(16)   NOT NULL,
    cause            VARCHAR(32),
    reason           VARCHAR(4000),
    report_id        VARCHAR(36),
    raw              BYTEA         NOT NULL
);

CREATE INDEX ix_inbound_received ON inbound_message (received_at);

CREATE TABLE report (
    id            VARCHAR(36)  PRIMARY KEY,
    partner_id    VARCHAR(64)  NOT NULL,
    external_id   VARCHAR(256) NOT NULL,
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    body          TEXT         NOT NULL,
    taken_by      VARCHAR(128),
    taken_at      TIMESTAMP WITH TIME ZONE,
    CONSTRAINT ux_report_idempotency UNIQUE (partner_id, external_id)
);

CREATE INDEX ix_report_received ON report (received_at);

-- Reports committed but not yet confirmed on the pis.reports queue. A small table of its own:
-- publishing deletes a short row instead of rewriting the report.
CREATE TABLE report_outbox (
    report_id    VARCHAR(36) PRIMARY KEY REFERENCES report (id),
    committed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
