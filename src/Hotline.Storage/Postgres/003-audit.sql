-- The audit: one row per read or change of a case or its contacts, and per change of staff in
-- a region, never updated or deleted (the triggers below refuse both, and truncation; the
-- hotline's runtime role holds only INSERT and SELECT on it, see PostgresStore). It holds staff
-- identities, actions and ids, never personal data. Seq grows with every line; lines committed
-- by concurrent writers may take their numbers in a different order than they commit.
-- Applied at every start after 002 (which defines hotline_payload_json).
--
-- Version 2 chains the lines. Chain is the case id for a case's lines and 'region:<code>' for a
-- region's staff lines (CaseId null); Link numbers a chain's lines from 1 in commit order; Hash
-- is hotline_audit_link of the previous line's hash and this line's fields, the same function
-- as Audit/AuditChain.cs. The trigger HotlineAuditChained sets all three on every insert,
-- whoever inserts: it takes a transaction lock on the chain first, so the line before is read
-- after every earlier writer of the chain committed, and the unique index refuses a fork.

CREATE TABLE IF NOT EXISTS HotlineAudit
(
    Seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ServiceId   text NOT NULL,
    CaseId      text NULL,
    ContactId   text NULL,
    At          text NOT NULL,
    Actor       text NOT NULL,
    Role        text NOT NULL,
    Action      text NOT NULL,
    Chain       text NOT NULL,
    Link        bigint NOT NULL,
    ResponderId text NULL,
    Hash        text NOT NULL
);

CREATE OR REPLACE FUNCTION hotline_audit_field(v text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(octet_length(v)::text || ':' || v, '-') || ';'
$$;

CREATE OR REPLACE FUNCTION hotline_audit_link(previous text, service text, chain text, link bigint, case_id text, contact text,
                                              responder text, at text, actor text, role text, action text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(
        hotline_audit_field(previous) || hotline_audit_field(service) || hotline_audit_field(chain) || hotline_audit_field(link::text)
        || hotline_audit_field(case_id) || hotline_audit_field(contact) || hotline_audit_field(responder) || hotline_audit_field(at)
        || hotline_audit_field(actor) || hotline_audit_field(role) || hotline_audit_field(action), 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION hotline_audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit is append-only';
END;
$$;

-- Migration from version 1 (unchained lines): the new columns are added and the lines chained
-- as they are now, oldest first (the chain says nothing of what happened to them before this
-- migration). Runs once: a table with a Hash column is left alone.
DO $$
DECLARE
    r record;
    previous_chain text;
    previous_service text;
    previous_hash text;
    n bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema = current_schema() AND table_name = 'hotlineaudit' AND column_name = 'hash') THEN
        RETURN;
    END IF;
    ALTER TABLE HotlineAudit ADD COLUMN Chain text, ADD COLUMN Link bigint, ADD COLUMN ResponderId text, ADD COLUMN Hash text;
    ALTER TABLE HotlineAudit ALTER COLUMN CaseId DROP NOT NULL;
    ALTER TABLE HotlineAudit DISABLE TRIGGER HotlineAuditNoUpdate;
    FOR r IN SELECT * FROM HotlineAudit ORDER BY ServiceId, CaseId, Seq LOOP
        IF r.ServiceId IS DISTINCT FROM previous_service OR r.CaseId IS DISTINCT FROM previous_chain THEN
            previous_hash := NULL;
            n := 0;
        END IF;
        n := n + 1;
        previous_hash := hotline_audit_link(previous_hash, r.ServiceId, r.CaseId, n, r.CaseId, r.ContactId, NULL, r.At, r.Actor, r.Role, r.Action);
        UPDATE HotlineAudit SET Chain = r.CaseId, Link = n, Hash = previous_hash WHERE Seq = r.Seq;
        previous_service := r.ServiceId;
        previous_chain := r.CaseId;
    END LOOP;
    ALTER TABLE HotlineAudit ENABLE TRIGGER HotlineAuditNoUpdate;
    ALTER TABLE HotlineAudit ALTER COLUMN Chain SET NOT NULL, ALTER COLUMN Link SET NOT NULL, ALTER COLUMN Hash SET NOT NULL;
END;
$$;

-- A case's lines are its chain: reading them by case uses the chain's index, and version 1's
-- index by case is not kept (one index less to write per line).
CREATE UNIQUE INDEX IF NOT EXISTS HotlineAuditByChain ON HotlineAudit (ServiceId, Chain, Link);
DROP INDEX IF EXISTS HotlineAuditByCase;

CREATE OR REPLACE TRIGGER HotlineAuditNoUpdate BEFORE UPDATE ON HotlineAudit
FOR EACH ROW EXECUTE FUNCTION hotline_audit_refuse_change();

CREATE OR REPLACE TRIGGER HotlineAuditNoDelete BEFORE DELETE ON HotlineAudit
FOR EACH ROW EXECUTE FUNCTION hotline_audit_refuse_change();

-- A row trigger does not fire on TRUNCATE, which would otherwise empty the audit silently.
CREATE OR REPLACE TRIGGER HotlineAuditNoTruncate BEFORE TRUNCATE ON HotlineAudit
FOR EACH STATEMENT EXECUTE FUNCTION hotline_audit_refuse_change();

-- Numbers and hashes each line as it goes in. The lock is the chain's, held to the end of the
-- writer's transaction; the SELECT after it sees every line committed before the lock was
-- granted (read committed takes a new snapshot per statement).
CREATE OR REPLACE FUNCTION hotline_audit_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    previous_link bigint;
    previous_hash text;
BEGIN
    NEW.Chain := COALESCE(NEW.Chain, NEW.CaseId);
    PERFORM pg_advisory_xact_lock(hashtextextended('hotline-audit/' || NEW.ServiceId || '/' || NEW.Chain, 0));
    SELECT Link, Hash INTO previous_link, previous_hash FROM HotlineAudit
    WHERE ServiceId = NEW.ServiceId AND Chain = NEW.Chain ORDER BY Link DESC LIMIT 1;
    NEW.Link := COALESCE(previous_link, 0) + 1;
    NEW.Hash := hotline_audit_link(previous_hash, NEW.ServiceId, NEW.Chain, NEW.Link, NEW.CaseId, NEW.ContactId, NEW.ResponderId,
                                   NEW.At, NEW.Actor, NEW.Role, NEW.Action);
    RETURN NEW;
END;
$$;

CREATE OR REPLACE TRIGGER HotlineAuditChained BEFORE INSERT ON HotlineAudit
FOR EACH ROW EXECUTE FUNCTION hotline_audit_chain();

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

INSERT INTO HotlineSchemaVersion (component, version) VALUES ('audit', 2)
ON CONFLICT (component) DO UPDATE SET version = excluded.version;
