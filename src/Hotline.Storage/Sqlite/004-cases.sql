-- The case index: one row per case, what ListCases, the follow-up scheduler and the
-- returning-caller lookup read instead of loading case grains. Kept by triggers in the same
-- statement (so the same commit) as the contact or case write that changes it. It holds no
-- personal data: ids, codes, staff identities, times in Unix milliseconds, and the keyed hash
-- of the caller's number (never the number).
--
-- Every value is computed in C# (Hotline.Domain: CaseOwnership, CaseView): a contact's write
-- carries what it changes in its case's row ($.CaseIndex, null fields leave a value as it is),
-- a case's write carries its header (see CaseRecordJson). The triggers only copy them.

CREATE TABLE IF NOT EXISTS HotlineCaseIndex
(
    ServiceId      TEXT    NOT NULL,
    CaseId         TEXT    NOT NULL,
    Region         TEXT    NOT NULL,
    -- Two writers, two columns: contact writes keep the status routing gave (New, Assigned),
    -- case writes the one work set (InProgress, Referred, Closed; null before any), because a
    -- contact's write may land while a case write is under way. Status shows the work's when
    -- there is one, as CaseOwnership.Status does.
    RoutingStatus  TEXT    NOT NULL,
    WorkStatus     TEXT    NULL,
    Status         TEXT    GENERATED ALWAYS AS (COALESCE(WorkStatus, RoutingStatus)) VIRTUAL,
    Owner          TEXT    NULL,
    OpenedBy       TEXT    NULL,
    OpenedAtMs     INTEGER NOT NULL,
    LastActivityMs INTEGER NOT NULL,
    NextFollowUpMs INTEGER NULL,
    CallerKey      TEXT    NULL,
    PRIMARY KEY (ServiceId, CaseId)
) WITHOUT ROWID;

-- Listing is newest activity first, ties by case id; each filter has an index in that order.
CREATE INDEX IF NOT EXISTS HotlineCaseIndexByActivity ON HotlineCaseIndex (ServiceId, LastActivityMs DESC, CaseId DESC);
CREATE INDEX IF NOT EXISTS HotlineCaseIndexByRegion ON HotlineCaseIndex (ServiceId, Region, LastActivityMs DESC, CaseId DESC);
CREATE INDEX IF NOT EXISTS HotlineCaseIndexByRegionStatus ON HotlineCaseIndex (ServiceId, Region, Status, LastActivityMs DESC, CaseId DESC);
CREATE INDEX IF NOT EXISTS HotlineCaseIndexByOwner ON HotlineCaseIndex (ServiceId, Owner, LastActivityMs DESC, CaseId DESC) WHERE Owner IS NOT NULL;
CREATE INDEX IF NOT EXISTS HotlineCaseIndexByOpener ON HotlineCaseIndex (ServiceId, OpenedBy, LastActivityMs DESC, CaseId DESC) WHERE OpenedBy IS NOT NULL;
-- Follow-ups due: covering, so listing them reads no table rows before sorting the few due.
CREATE INDEX IF NOT EXISTS HotlineCaseIndexFollowUpsDue
    ON HotlineCaseIndex (ServiceId, NextFollowUpMs, LastActivityMs, CaseId, Region, Status, Owner, OpenedAtMs) WHERE NextFollowUpMs IS NOT NULL;
-- A returning caller: their latest case in one region, straight from the index.
CREATE INDEX IF NOT EXISTS HotlineCaseIndexByCallerRegion ON HotlineCaseIndex (ServiceId, CallerKey, Region, LastActivityMs DESC) WHERE CallerKey IS NOT NULL;

-- A contact written: the write that opens a case creates its row; every write copies what it changes.
DROP TRIGGER IF EXISTS HotlineCaseContactInsert;
DROP TRIGGER IF EXISTS HotlineCaseContactUpdate;
DROP TRIGGER IF EXISTS HotlineCaseIndexContactInsert;
CREATE TRIGGER HotlineCaseIndexContactInsert AFTER INSERT ON OrleansStorage
WHEN NEW.GrainTypeString = 'contact'
BEGIN
    INSERT INTO HotlineCaseIndex (ServiceId, CaseId, Region, RoutingStatus, WorkStatus, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
    SELECT NEW.ServiceId, c.CaseId, h ->> '$.Region', h ->> '$.RoutingStatus', NULL, h ->> '$.Owner', h ->> '$.OpenedBy',
           h ->> '$.ActivityMs', h ->> '$.ActivityMs', NULL, h ->> '$.CallerKey'
    FROM (SELECT CASE WHEN json_valid(p) THEN p ->> '$.CaseId' END AS CaseId, CASE WHEN json_valid(p) THEN p -> '$.CaseIndex' END AS h
          FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p)) AS c
    WHERE c.CaseId IS NOT NULL AND h ->> '$.Opens'
    ON CONFLICT (ServiceId, CaseId) DO NOTHING;
    -- The write that opened the row has nothing more to copy into it.
    UPDATE HotlineCaseIndex SET
        Region = COALESCE(c.h ->> '$.Region', Region),
        Owner = COALESCE(c.h ->> '$.Owner', Owner),
        RoutingStatus = COALESCE(c.h ->> '$.RoutingStatus', RoutingStatus),
        LastActivityMs = max(LastActivityMs, COALESCE(c.h ->> '$.ActivityMs', LastActivityMs)),
        CallerKey = CASE WHEN c.h ->> '$.ForgetsCaller' THEN NULL ELSE COALESCE(CallerKey, c.h ->> '$.CallerKey') END
    FROM (SELECT CASE WHEN json_valid(p) THEN p ->> '$.CaseId' END AS CaseId, CASE WHEN json_valid(p) THEN p -> '$.CaseIndex' END AS h
          FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p)) AS c
    WHERE HotlineCaseIndex.ServiceId = NEW.ServiceId AND HotlineCaseIndex.CaseId = c.CaseId AND c.h IS NOT NULL AND NOT (c.h ->> '$.Opens');
END;

DROP TRIGGER IF EXISTS HotlineCaseIndexContactUpdate;
CREATE TRIGGER HotlineCaseIndexContactUpdate AFTER UPDATE ON OrleansStorage
WHEN NEW.GrainTypeString = 'contact'
BEGIN
    UPDATE HotlineCaseIndex SET
        Region = COALESCE(c.h ->> '$.Region', Region),
        Owner = COALESCE(c.h ->> '$.Owner', Owner),
        RoutingStatus = COALESCE(c.h ->> '$.RoutingStatus', RoutingStatus),
        LastActivityMs = max(LastActivityMs, COALESCE(c.h ->> '$.ActivityMs', LastActivityMs)),
        CallerKey = CASE WHEN c.h ->> '$.ForgetsCaller' THEN NULL ELSE COALESCE(CallerKey, c.h ->> '$.CallerKey') END
    FROM (SELECT CASE WHEN json_valid(p) THEN p ->> '$.CaseId' END AS CaseId, CASE WHEN json_valid(p) THEN p -> '$.CaseIndex' END AS h
          FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p)) AS c
    WHERE HotlineCaseIndex.ServiceId = NEW.ServiceId AND HotlineCaseIndex.CaseId = c.CaseId AND c.h IS NOT NULL;
END;

-- A case's own write carries its header and the change it makes (an audit line). Owner,
-- region and routing status belong to the contact triggers above once the row exists: a case
-- write fills them only for a case the index does not have yet, and otherwise sets its work
-- status (when it has one), its activity and its next follow-up.
DROP TRIGGER IF EXISTS HotlineCaseRecordInsert;
DROP TRIGGER IF EXISTS HotlineCaseRecordUpdate;
DROP TRIGGER IF EXISTS HotlineCaseIndexRecordInsert;
CREATE TRIGGER HotlineCaseIndexRecordInsert AFTER INSERT ON OrleansStorage
WHEN NEW.GrainTypeString = 'case'
BEGIN
    INSERT INTO HotlineCaseIndex (ServiceId, CaseId, Region, RoutingStatus, WorkStatus, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
    SELECT NEW.ServiceId, h ->> '$.CaseId', h ->> '$.Region', h ->> '$.RoutingStatus', h ->> '$.Status', h ->> '$.Owner', NULL,
           h ->> '$.LastActivityMs', h ->> '$.LastActivityMs', h ->> '$.NextFollowUpMs', NULL
    FROM (SELECT CASE WHEN json_valid(p) THEN p END AS h FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p))
    WHERE h ->> '$.CaseId' IS NOT NULL
    ON CONFLICT (ServiceId, CaseId) DO UPDATE SET
        WorkStatus = COALESCE(excluded.WorkStatus, HotlineCaseIndex.WorkStatus),
        LastActivityMs = max(HotlineCaseIndex.LastActivityMs, excluded.LastActivityMs),
        NextFollowUpMs = excluded.NextFollowUpMs;
    INSERT INTO HotlineAuditAppend (ServiceId, Chain, CaseId, ContactId, At, Actor, Role, Action)
    SELECT NEW.ServiceId, h ->> '$.CaseId', h ->> '$.CaseId', NULL, h ->> '$.Change.At', h ->> '$.Change.By', h ->> '$.Change.Role', h ->> '$.Change.Action'
    FROM (SELECT CASE WHEN json_valid(p) THEN p END AS h FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p))
    WHERE h ->> '$.Change.Action' IS NOT NULL;
END;

DROP TRIGGER IF EXISTS HotlineCaseIndexRecordUpdate;
CREATE TRIGGER HotlineCaseIndexRecordUpdate AFTER UPDATE ON OrleansStorage
WHEN NEW.GrainTypeString = 'case'
BEGIN
    INSERT INTO HotlineCaseIndex (ServiceId, CaseId, Region, RoutingStatus, WorkStatus, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
    SELECT NEW.ServiceId, h ->> '$.CaseId', h ->> '$.Region', h ->> '$.RoutingStatus', h ->> '$.Status', h ->> '$.Owner', NULL,
           h ->> '$.LastActivityMs', h ->> '$.LastActivityMs', h ->> '$.NextFollowUpMs', NULL
    FROM (SELECT CASE WHEN json_valid(p) THEN p END AS h FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p))
    WHERE h ->> '$.CaseId' IS NOT NULL
    ON CONFLICT (ServiceId, CaseId) DO UPDATE SET
        WorkStatus = COALESCE(excluded.WorkStatus, HotlineCaseIndex.WorkStatus),
        LastActivityMs = max(HotlineCaseIndex.LastActivityMs, excluded.LastActivityMs),
        NextFollowUpMs = excluded.NextFollowUpMs;
    INSERT INTO HotlineAuditAppend (ServiceId, Chain, CaseId, ContactId, At, Actor, Role, Action)
    SELECT NEW.ServiceId, h ->> '$.CaseId', h ->> '$.CaseId', NULL, h ->> '$.Change.At', h ->> '$.Change.By', h ->> '$.Change.Role', h ->> '$.Change.Action'
    FROM (SELECT CASE WHEN json_valid(p) THEN p END AS h FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p))
    WHERE h ->> '$.Change.Action' IS NOT NULL;
END;

-- Migration from version 1, where the index was the table HotlineCase with one Status column:
-- its New and Assigned were routing's, the rest work's. Each start finds it empty or missing
-- (it is created empty here only so the copy below can name it) and drops it.
CREATE TABLE IF NOT EXISTS HotlineCase
(
    ServiceId TEXT NOT NULL, CaseId TEXT NOT NULL, Region TEXT NOT NULL, Status TEXT NOT NULL, Owner TEXT NULL,
    OpenedBy TEXT NULL, OpenedAtMs INTEGER NOT NULL, LastActivityMs INTEGER NOT NULL, NextFollowUpMs INTEGER NULL,
    CallerKey TEXT NULL, PRIMARY KEY (ServiceId, CaseId)
) WITHOUT ROWID;
INSERT OR IGNORE INTO HotlineCaseIndex (ServiceId, CaseId, Region, RoutingStatus, WorkStatus, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
SELECT ServiceId, CaseId, Region,
       CASE WHEN Status = 'New' THEN 'New' ELSE 'Assigned' END, CASE WHEN Status IN ('New', 'Assigned') THEN NULL ELSE Status END,
       Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey
FROM HotlineCase;
DROP TABLE HotlineCase;

INSERT INTO HotlineSchemaVersion (Component, Version) VALUES ('cases', 2)
ON CONFLICT (Component) DO UPDATE SET Version = excluded.Version;
