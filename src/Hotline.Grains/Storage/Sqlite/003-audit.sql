-- The audit: one row per read or change of a case or its contacts, never updated or
-- deleted (the triggers below refuse both). It holds staff identities, actions and ids,
-- never personal data.

CREATE TABLE IF NOT EXISTS HotlineAudit
(
    Seq       INTEGER PRIMARY KEY AUTOINCREMENT,
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
DROP TRIGGER IF EXISTS HotlineAuditContactInsert;
CREATE TRIGGER HotlineAuditContactInsert AFTER INSERT ON OrleansStorage
WHEN NEW.GrainTypeString = 'contact'
BEGIN
    INSERT INTO HotlineAudit (ServiceId, CaseId, ContactId, At, Actor, Role, Action)
    SELECT NEW.ServiceId, json_extract(p, '$.CaseId'), json_extract(p, '$.ContactId'),
           json_extract(p, '$.Change.At'), json_extract(p, '$.Change.By'), json_extract(p, '$.Change.Role'), json_extract(p, '$.Change.Action')
    FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p)
    WHERE CASE WHEN json_valid(p) THEN json_extract(p, '$.Change.Action') IS NOT NULL ELSE 0 END;
END;

DROP TRIGGER IF EXISTS HotlineAuditContactUpdate;
CREATE TRIGGER HotlineAuditContactUpdate AFTER UPDATE ON OrleansStorage
WHEN NEW.GrainTypeString = 'contact'
BEGIN
    INSERT INTO HotlineAudit (ServiceId, CaseId, ContactId, At, Actor, Role, Action)
    SELECT NEW.ServiceId, json_extract(p, '$.CaseId'), json_extract(p, '$.ContactId'),
           json_extract(p, '$.Change.At'), json_extract(p, '$.Change.By'), json_extract(p, '$.Change.Role'), json_extract(p, '$.Change.Action')
    FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p)
    WHERE CASE WHEN json_valid(p) THEN json_extract(p, '$.Change.Action') IS NOT NULL ELSE 0 END;
END;

INSERT INTO HotlineSchemaVersion (Component, Version) VALUES ('audit', 1)
ON CONFLICT (Component) DO UPDATE SET Version = excluded.Version;
