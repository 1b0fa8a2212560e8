-- PostgreSQL refuses to change or remove audit rows, whoever asks (the application never does).
-- A superuser or the table's owner can still drop the trigger: run the gateway as a role that owns
-- nothing (README, "Audit trail": GRANT SELECT, INSERT only), and the hash chain shows any change
-- made by someone who could.

CREATE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();

CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
