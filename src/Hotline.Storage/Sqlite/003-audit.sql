-- The audit: one row per read or change of a case or its contacts, and per change of staff in
-- a region, never updated or deleted (the triggers below refuse both). It holds staff
-- identities, actions and ids, never personal data. Seq grows with every line (rows are never
-- deleted, so the rowid never reuses a number; AUTOINCREMENT's extra bookkeeping write is not needed).
--
-- Version 2 chains the lines. Chain is the case id for a case's lines and 'region:<code>' for a
-- region's staff lines (CaseId empty); Link numbers a chain's lines from 1; Hash is
-- hotline_audit_link of the previous line's hash and this line's fields (Audit/AuditChain.cs,
-- registered on every connection the hotline opens). Every line goes in through the view
-- HotlineAuditAppend, whose trigger numbers and hashes it inside the writer's own transaction;
-- SQLite has one writer at a time, so the line before is read under the same lock as the insert.

CREATE TABLE IF NOT EXISTS HotlineAudit
(
    Seq         INTEGER PRIMARY KEY,
    ServiceId   TEXT NOT NULL,
    Chain       TEXT NOT NULL,
    Link        INTEGER NOT NULL,
    CaseId      TEXT NULL,
    ContactId   TEXT NULL,
    ResponderId TEXT NULL,
    At          TEXT NOT NULL,
    Actor       TEXT NOT NULL,
    Role        TEXT NOT NULL,
    Action      TEXT NOT NULL,
    Hash        TEXT NOT NULL
);

-- A case's lines are its chain: reading them by case uses the chain's index, and version 1's
-- index by case is not kept (one index less to write per line).
CREATE UNIQUE INDEX IF NOT EXISTS HotlineAuditByChain ON HotlineAudit (ServiceId, Chain, Link);
DROP INDEX IF EXISTS HotlineAuditByCase;

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

CREATE VIEW IF NOT EXISTS HotlineAuditAppend AS
SELECT ServiceId, Chain, CaseId, ContactId, ResponderId, At, Actor, Role, Action FROM HotlineAudit;

DROP TRIGGER IF EXISTS HotlineAuditChained;
CREATE TRIGGER HotlineAuditChained INSTEAD OF INSERT ON HotlineAuditAppend
BEGIN
    -- VALUES with index lookups, not INSERT ... SELECT from the table itself, which SQLite would
    -- first copy into a temporary table.
    INSERT INTO HotlineAudit (ServiceId, Chain, Link, CaseId, ContactId, ResponderId, At, Actor, Role, Action, Hash)
    VALUES (NEW.ServiceId, NEW.Chain,
            COALESCE((SELECT max(Link) FROM HotlineAudit WHERE ServiceId = NEW.ServiceId AND Chain = NEW.Chain), 0) + 1,
            NEW.CaseId, NEW.ContactId, NEW.ResponderId, NEW.At, NEW.Actor, NEW.Role, NEW.Action,
            hotline_audit_link(
                (SELECT Hash FROM HotlineAudit WHERE ServiceId = NEW.ServiceId AND Chain = NEW.Chain ORDER BY Link DESC LIMIT 1),
                NEW.ServiceId, NEW.Chain,
                COALESCE((SELECT max(Link) FROM HotlineAudit WHERE ServiceId = NEW.ServiceId AND Chain = NEW.Chain), 0) + 1,
                NEW.CaseId, NEW.ContactId, NEW.ResponderId, NEW.At, NEW.Actor, NEW.Role, NEW.Action));
END;

-- Migration from version 1 (unchained lines): SqliteStore renames a version-1 table to
-- HotlineAuditV1 before this script; its lines are chained here, oldest first, as they are now
-- (the chain says nothing of what happened to them before this migration), and it is dropped.
-- Each start finds it missing, creates it empty so the copy can name it, and drops it.
CREATE TABLE IF NOT EXISTS HotlineAuditV1
(
    Seq INTEGER PRIMARY KEY, ServiceId TEXT NOT NULL, CaseId TEXT NOT NULL, ContactId TEXT NULL,
    At TEXT NOT NULL, Actor TEXT NOT NULL, Role TEXT NOT NULL, Action TEXT NOT NULL
);
INSERT INTO HotlineAuditAppend (ServiceId, Chain, CaseId, ContactId, ResponderId, At, Actor, Role, Action)
SELECT ServiceId, CaseId, CaseId, ContactId, NULL, At, Actor, Role, Action FROM HotlineAuditV1 ORDER BY Seq;
DROP TABLE HotlineAuditV1;

-- Every write of a contact carries the change it makes (who, role, action, when); the
-- audit line is added inside the same statement, so a change and its audit commit together.
-- One json_extract picks every field into a small array; a record that is not JSON adds no line.
DROP TRIGGER IF EXISTS HotlineAuditContactInsert;
CREATE TRIGGER HotlineAuditContactInsert AFTER INSERT ON OrleansStorage
WHEN NEW.GrainTypeString = 'contact'
BEGIN
    INSERT INTO HotlineAuditAppend (ServiceId, Chain, CaseId, ContactId, At, Actor, Role, Action)
    SELECT NEW.ServiceId, a ->> 0, a ->> 0, a ->> 1, a ->> 2, a ->> 3, a ->> 4, a ->> 5
    FROM (SELECT CASE WHEN json_valid(p) THEN json_extract(p, '$.CaseId', '$.ContactId', '$.Change.At', '$.Change.By', '$.Change.Role', '$.Change.Action') END AS a
          FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p))
    WHERE a ->> 5 IS NOT NULL;
END;

DROP TRIGGER IF EXISTS HotlineAuditContactUpdate;
CREATE TRIGGER HotlineAuditContactUpdate AFTER UPDATE ON OrleansStorage
WHEN NEW.GrainTypeString = 'contact'
BEGIN
    INSERT INTO HotlineAuditAppend (ServiceId, Chain, CaseId, ContactId, At, Actor, Role, Action)
    SELECT NEW.ServiceId, a ->> 0, a ->> 0, a ->> 1, a ->> 2, a ->> 3, a ->> 4, a ->> 5
    FROM (SELECT CASE WHEN json_valid(p) THEN json_extract(p, '$.CaseId', '$.ContactId', '$.Change.At', '$.Change.By', '$.Change.Role', '$.Change.Action') END AS a
          FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p))
    WHERE a ->> 5 IS NOT NULL;
END;

INSERT INTO HotlineSchemaVersion (Component, Version) VALUES ('audit', 2)
ON CONFLICT (Component) DO UPDATE SET Version = excluded.Version;
