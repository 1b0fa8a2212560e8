-- The gateway's outgoing protocol register (registro di protocollo, DPR 445/2000 art. 57): every
-- Segnatura di protocollo it sends carries a number of at least seven digits, progressive per
-- register and renewed every calendar year. Written for PostgreSQL; H2 runs it in MODE=PostgreSQL.

-- The last number given per register and year; the row lock of the UPDATE that takes the next one
-- serialises concurrent registrations, on one node or many.
CREATE TABLE protocol_counter (
    registry_code  VARCHAR(16)  NOT NULL,
    reg_year       INTEGER      NOT NULL,
    last_number    BIGINT       NOT NULL,
    PRIMARY KEY (registry_code, reg_year)
);

-- One entry per registration: which delivery got which number, when. A delivery keeps its number
-- (rendering it again returns the same one); a number is never given twice.
CREATE TABLE protocol_entry (
    registry_code  VARCHAR(16)  NOT NULL,
    reg_year       INTEGER      NOT NULL,
    reg_number     BIGINT       NOT NULL,
    delivery_id    VARCHAR(36)  NOT NULL,
    registered_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (registry_code, reg_year, reg_number),
    CONSTRAINT ux_protocol_delivery UNIQUE (delivery_id)
);
