-- Placement requests and shelters' answers meet by placement id. The handover keeps the id of the
-- placement it carries, so that a shelter's decision (placement_decision.placement_id) finds the
-- handover and its json-placement delivery (the request), and a handover finds the decisions.
-- Outbound handovers are new with V4 and carry their placement in body; no row before this one
-- needs the column filled.
ALTER TABLE handover ADD COLUMN placement_id VARCHAR(64);

CREATE INDEX ix_handover_placement ON handover (placement_id);
