-- Documents from shelters on the JSON REST channel that are not Reports: bed availability and
-- placement decisions. Their raw message is in inbound_message like every other; these tables
-- hold what operators read. Written for PostgreSQL; H2 runs it in MODE=PostgreSQL.

-- One row per accepted document: the idempotency key (partner + Idempotency-Key) of shelter documents.
CREATE TABLE shelter_document (
    id            VARCHAR(36)  PRIMARY KEY,
    partner_id    VARCHAR(64)  NOT NULL,
    external_id   VARCHAR(256) NOT NULL,
    doc_type      VARCHAR(32)  NOT NULL,
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ux_shelter_document_idempotency UNIQUE (partner_id, external_id)
);

-- Latest free beds per partner, structure and kind (men, women, families, minors): a document
-- counted earlier (asOf) than the row never overwrites it.
CREATE TABLE bed_availability (
    partner_id    VARCHAR(64)  NOT NULL,
    structure_id  VARCHAR(64)  NOT NULL,
    kind          VARCHAR(16)  NOT NULL,
    free_beds     INTEGER      NOT NULL,
    until_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    as_of         TIMESTAMP WITH TIME ZONE NOT NULL,
    document_id   VARCHAR(36)  NOT NULL REFERENCES shelter_document (id),
    PRIMARY KEY (partner_id, structure_id, kind)
);

-- Every confirmation or decline of a placement, in the order received.
CREATE TABLE placement_decision (
    document_id   VARCHAR(36)  PRIMARY KEY REFERENCES shelter_document (id),
    partner_id    VARCHAR(64)  NOT NULL,
    placement_id  VARCHAR(64)  NOT NULL,
    decision      VARCHAR(16)  NOT NULL,
    structure_id  VARCHAR(64),
    bed_kind      VARCHAR(16),
    expected_by   TIMESTAMP WITH TIME ZONE,
    reason        VARCHAR(32),
    note          VARCHAR(2000),
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_placement_decision_placement ON placement_decision (placement_id);
