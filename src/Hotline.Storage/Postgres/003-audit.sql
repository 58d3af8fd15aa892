-- The audit: one row per read or change of a case or its contacts, never updated or
-- deleted (the triggers below refuse both, and truncation). It holds staff identities,
-- actions and ids, never personal data. Seq grows with every line; lines committed by
-- concurrent writers may take their numbers in a different order than they commit.
-- Applied at every start after 002 (which defines hotline_payload_json).

CREATE TABLE IF NOT EXISTS HotlineAudit
(
    Seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ServiceId text NOT NULL,
    CaseId    text NOT NULL,
    ContactId text NULL,
    At        text NOT NULL,
    Actor     text NOT NULL,
    Role      text NOT NULL,
    Action    text NOT NULL
);

CREATE INDEX IF NOT EXISTS HotlineAuditByCase ON HotlineAudit (ServiceId, CaseId, Seq);

CREATE OR REPLACE FUNCTION hotline_audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit is append-only';
END;
$$;

CREATE OR REPLACE TRIGGER HotlineAuditNoUpdate BEFORE UPDATE ON HotlineAudit
FOR EACH ROW EXECUTE FUNCTION hotline_audit_refuse_change();

CREATE OR REPLACE TRIGGER HotlineAuditNoDelete BEFORE DELETE ON HotlineAudit
FOR EACH ROW EXECUTE FUNCTION hotline_audit_refuse_change();

-- A row trigger does not fire on TRUNCATE, which would otherwise empty the audit silently.
CREATE OR REPLACE TRIGGER HotlineAuditNoTruncate BEFORE TRUNCATE ON HotlineAudit
FOR EACH STATEMENT EXECUTE FUNCTION hotline_audit_refuse_change();

-- Every write of a contact carries the change it makes (who, role, action, when); the
-- audit line is added inside the same statement, so a change and its audit commit together.
-- A record that is not JSON, or carries no change, adds no line.
CREATE OR REPLACE FUNCTION hotline_audit_contact_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    p jsonb := hotline_payload_json(NEW.payloadbinary);
BEGIN
    IF p -> 'Change' ->> 'Action' IS NOT NULL THEN
        INSERT INTO HotlineAudit (ServiceId, CaseId, ContactId, At, Actor, Role, Action)
        VALUES (NEW.serviceid, p ->> 'CaseId', p ->> 'ContactId',
                p -> 'Change' ->> 'At', p -> 'Change' ->> 'By', p -> 'Change' ->> 'Role', p -> 'Change' ->> 'Action');
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER HotlineAuditContactChanged AFTER INSERT OR UPDATE ON OrleansStorage
FOR EACH ROW WHEN (NEW.graintypestring = 'contact')
EXECUTE FUNCTION hotline_audit_contact_changed();

INSERT INTO HotlineSchemaVersion (component, version) VALUES ('audit', 1)
ON CONFLICT (component) DO UPDATE SET version = excluded.version;
