-- The admin console's message search and partner page (journal/MessageHistory): a message by its
-- external id (MSH-10, Bundle.identifier, ...) and each partner's latest message, without reading
-- the whole journal. Two more index entries per message in; measured by the benchmark command.
CREATE INDEX ix_inbound_external ON inbound_message (external_id);
CREATE INDEX ix_inbound_partner_received ON inbound_message (partner_id, received_at);
