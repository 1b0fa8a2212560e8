-- One gateway node at a time resends the outbox: two nodes' sweeps sending the same report at the same
-- moment both pass the broker's duplicate check (it drops a resend after a send, not one beside it).
-- The node holding the lease renews it while it sweeps and releases it at the end; a node killed
-- mid-sweep loses it when until_at passes (pis.outbox.sweep-lease).
CREATE TABLE outbox_sweep_lease (
    id        INT          PRIMARY KEY,
    holder    VARCHAR(64)  NOT NULL,
    until_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO outbox_sweep_lease (id, holder, until_at) VALUES (1, '', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
