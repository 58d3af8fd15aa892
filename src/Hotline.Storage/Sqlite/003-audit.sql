-- The audit: one row per read or change of a case or its contacts, never updated or
-- deleted (the triggers below refuse both). It holds staff identities, actions and ids,
-- never personal data. Seq grows with every line (rows are never deleted, so the rowid
-- never reuses a number; AUTOINCREMENT's extra bookkeeping write is not needed).

CREATE TABLE IF NOT EXISTS HotlineAudit
(
    Seq       INTEGER PRIMARY KEY,
    ServiceId TEXT NOT NULL,
    CaseId    TEXT NOT NULL,
    ContactId TEXT NULL,
    At        TEXT NOT NULL,
    Actor     TEXT NOT NULL,
    Role      TEXT NOT NULL,
    Action    TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS HotlineAuditByCase ON HotlineAudit (ServiceId, CaseId, Seq);

DROP TRIGGER IF EXISTS HotlineAuditNoUpdate;
CREATE TRIGGER HotlineAuditNoUpdate BEFORE UPDATE ON HotlineAudit
BEGIN
    SELECT RAISE(ABORT, 'the audit is append-only');
END;

DROP TRIGGER IF EXISTS HotlineAuditNoDelete;
CREATE TRIGGER HotlineAuditNoDelete BEFORE DELETE ON HotlineAudit
BEGIN
    SELECT RAISE(ABORT, 'the audit is append-only');
END;

-- Every write of a contact carries the change it makes (who, role, action, when); the
-- audit line is added inside the same statement, so a change and its audit commit together.
-- One json_extract picks every field into a small array; a record that is not JSON adds no line.
DROP TRIGGER IF EXISTS HotlineAuditContactInsert;
CREATE TRIGGER HotlineAuditContactInsert AFTER INSERT ON OrleansStorage
WHEN NEW.GrainTypeString = 'contact'
BEGIN
    INSERT INTO HotlineAudit (ServiceId, CaseId, ContactId, At, Actor, Role, Action)
    SELECT NEW.ServiceId, a ->> 0, a ->> 1, a ->> 2, a ->> 3, a ->> 4, a ->> 5
    FROM (SELECT CASE WHEN json_valid(p) THEN json_extract(p, '$.CaseId', '$.ContactId', '$.Change.At', '$.Change.By', '$.Change.Role', '$.Change.Action') END AS a
          FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p))
    WHERE a ->> 5 IS NOT NULL;
END;

DROP TRIGGER IF EXISTS HotlineAuditContactUpdate;
CREATE TRIGGER HotlineAuditContactUpdate AFTER UPDATE ON OrleansStorage
WHEN NEW.GrainTypeString = 'contact'
BEGIN
    INSERT INTO HotlineAudit (ServiceId, CaseId, ContactId, At, Actor, Role, Action)
    SELECT NEW.ServiceId, a ->> 0, a ->> 1, a ->> 2, a ->> 3, a ->> 4, a ->> 5
    FROM (SELECT CASE WHEN json_valid(p) THEN json_extract(p, '$.CaseId', '$.ContactId', '$.Change.At', '$.Change.By', '$.Change.Role', '$.Change.Action') END AS a
          FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p))
    WHERE a ->> 5 IS NOT NULL;
END;

INSERT INTO HotlineSchemaVersion (Component, Version) VALUES ('audit', 1)
ON CONFLICT (Component) DO UPDATE SET Version = excluded.Version;
