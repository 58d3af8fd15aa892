-- The case index: one row per case, what ListCases, the follow-up scheduler and the
-- returning-caller lookup read instead of loading case grains. Kept by triggers in the same
-- statement (so the same commit) as the contact or case write that changes it. It holds no
-- personal data: ids, codes, staff identities, times in Unix milliseconds, and the keyed hash
-- of the caller's number (never the number).

CREATE TABLE IF NOT EXISTS HotlineCase
(
    ServiceId      TEXT    NOT NULL,
    CaseId         TEXT    NOT NULL,
    Region         TEXT    NOT NULL,
    Status         TEXT    NOT NULL,
    Owner          TEXT    NULL,
    OpenedBy       TEXT    NULL,
    OpenedAtMs     INTEGER NOT NULL,
    LastActivityMs INTEGER NOT NULL,
    NextFollowUpMs INTEGER NULL,
    CallerKey      TEXT    NULL,
    PRIMARY KEY (ServiceId, CaseId)
) WITHOUT ROWID;

-- Listing is newest activity first, ties by case id; each filter has an index in that order.
CREATE INDEX IF NOT EXISTS HotlineCaseByActivity ON HotlineCase (ServiceId, LastActivityMs DESC, CaseId DESC);
CREATE INDEX IF NOT EXISTS HotlineCaseByRegion ON HotlineCase (ServiceId, Region, LastActivityMs DESC, CaseId DESC);
CREATE INDEX IF NOT EXISTS HotlineCaseByRegionStatus ON HotlineCase (ServiceId, Region, Status, LastActivityMs DESC, CaseId DESC);
CREATE INDEX IF NOT EXISTS HotlineCaseByOwner ON HotlineCase (ServiceId, Owner, LastActivityMs DESC, CaseId DESC) WHERE Owner IS NOT NULL;
CREATE INDEX IF NOT EXISTS HotlineCaseByOpener ON HotlineCase (ServiceId, OpenedBy, LastActivityMs DESC, CaseId DESC) WHERE OpenedBy IS NOT NULL;
-- Follow-ups due: covering, so listing them reads no table rows before sorting the few due.
DROP INDEX IF EXISTS HotlineCaseFollowUpsDue;
CREATE INDEX IF NOT EXISTS HotlineCaseFollowUpsDueCovering
    ON HotlineCase (ServiceId, NextFollowUpMs, LastActivityMs, CaseId, Region, Status, Owner, OpenedAtMs) WHERE NextFollowUpMs IS NOT NULL;
-- A returning caller: their latest case in one region, straight from the index.
DROP INDEX IF EXISTS HotlineCaseByCaller;
CREATE INDEX IF NOT EXISTS HotlineCaseByCallerRegion ON HotlineCase (ServiceId, CallerKey, Region, LastActivityMs DESC) WHERE CallerKey IS NOT NULL;

-- A contact (or work item) recorded: its case's row is created by the first one and touched by the rest.
DROP TRIGGER IF EXISTS HotlineCaseContactInsert;
CREATE TRIGGER HotlineCaseContactInsert AFTER INSERT ON OrleansStorage
WHEN NEW.GrainTypeString = 'contact'
BEGIN
    INSERT INTO HotlineCase (ServiceId, CaseId, Region, Status, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
    SELECT NEW.ServiceId, a ->> 0, a ->> 1, 'New', NULL, a ->> 2, a ->> 3, a ->> 3, NULL, a ->> 4
    FROM (SELECT CASE WHEN json_valid(p) THEN json_extract(p, '$.CaseId', '$.Region', '$.OpenedBy', '$.ChangedAtMs', '$.CallerKey') END AS a
          FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p))
    WHERE a ->> 0 IS NOT NULL AND a ->> 3 IS NOT NULL
    ON CONFLICT (ServiceId, CaseId) DO UPDATE SET
        LastActivityMs = max(HotlineCase.LastActivityMs, excluded.LastActivityMs),
        CallerKey = COALESCE(HotlineCase.CallerKey, excluded.CallerKey);
END;

-- A contact changed: connecting one (or accepting a transfer) makes its responder the owner
-- and a new case assigned; an accepted transfer may move the case; erasure drops the caller hash.
DROP TRIGGER IF EXISTS HotlineCaseContactUpdate;
CREATE TRIGGER HotlineCaseContactUpdate AFTER UPDATE ON OrleansStorage
WHEN NEW.GrainTypeString = 'contact'
BEGIN
    UPDATE HotlineCase SET
        Owner = CASE WHEN c.a ->> 1 IN ('contact_connected', 'transfer_accepted') THEN c.a ->> 2 ELSE Owner END,
        Status = CASE WHEN c.a ->> 1 IN ('contact_connected', 'transfer_accepted') AND Status = 'New' THEN 'Assigned' ELSE Status END,
        Region = CASE WHEN c.a ->> 1 = 'transfer_accepted' AND c.a ->> 3 IS NOT NULL THEN c.a ->> 3 ELSE Region END,
        LastActivityMs = CASE WHEN c.a ->> 1 = 'contact_erased' OR c.a ->> 4 IS NULL THEN LastActivityMs ELSE max(LastActivityMs, c.a ->> 4) END,
        CallerKey = CASE WHEN c.a ->> 1 = 'contact_erased' THEN NULL ELSE CallerKey END
    FROM (SELECT CASE WHEN json_valid(p) THEN json_extract(p, '$.CaseId', '$.Change.Action', '$.ResponderId', '$.TransferRegion', '$.ChangedAtMs') END AS a
          FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p)) AS c
    WHERE HotlineCase.ServiceId = NEW.ServiceId AND HotlineCase.CaseId = c.a ->> 0;
END;

-- A case's own write carries its index header (see CaseRecordJson) and the change it makes.
-- Owner and region belong to the contact triggers above (a contact's write may land while a
-- case write is under way); the header's status is only the one work set (null before any),
-- so a case write never puts back an older owner, region or routing status.
DROP TRIGGER IF EXISTS HotlineCaseRecordInsert;
CREATE TRIGGER HotlineCaseRecordInsert AFTER INSERT ON OrleansStorage
WHEN NEW.GrainTypeString = 'case'
BEGIN
    INSERT INTO HotlineCase (ServiceId, CaseId, Region, Status, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
    SELECT NEW.ServiceId, h ->> 0, h ->> 1, COALESCE(h ->> 2, CASE WHEN h ->> 3 IS NULL THEN 'New' ELSE 'Assigned' END), h ->> 3, NULL, h ->> 4, h ->> 4, h ->> 5, NULL
    FROM (SELECT CASE WHEN json_valid(p) THEN json_extract(p, '$.CaseId', '$.Region', '$.Status', '$.Owner', '$.LastActivityMs', '$.NextFollowUpMs') END AS h
          FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p))
    WHERE h ->> 0 IS NOT NULL
    ON CONFLICT (ServiceId, CaseId) DO UPDATE SET
        Status = COALESCE(CAST(NEW.PayloadBinary AS TEXT) ->> '$.Status', HotlineCase.Status),
        LastActivityMs = max(HotlineCase.LastActivityMs, excluded.LastActivityMs), NextFollowUpMs = excluded.NextFollowUpMs;
    INSERT INTO HotlineAudit (ServiceId, CaseId, ContactId, At, Actor, Role, Action)
    SELECT NEW.ServiceId, a ->> 0, NULL, a ->> 1, a ->> 2, a ->> 3, a ->> 4
    FROM (SELECT CASE WHEN json_valid(p) THEN json_extract(p, '$.CaseId', '$.Change.At', '$.Change.By', '$.Change.Role', '$.Change.Action') END AS a
          FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p))
    WHERE a ->> 4 IS NOT NULL;
END;

DROP TRIGGER IF EXISTS HotlineCaseRecordUpdate;
CREATE TRIGGER HotlineCaseRecordUpdate AFTER UPDATE ON OrleansStorage
WHEN NEW.GrainTypeString = 'case'
BEGIN
    INSERT INTO HotlineCase (ServiceId, CaseId, Region, Status, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
    SELECT NEW.ServiceId, h ->> 0, h ->> 1, COALESCE(h ->> 2, CASE WHEN h ->> 3 IS NULL THEN 'New' ELSE 'Assigned' END), h ->> 3, NULL, h ->> 4, h ->> 4, h ->> 5, NULL
    FROM (SELECT CASE WHEN json_valid(p) THEN json_extract(p, '$.CaseId', '$.Region', '$.Status', '$.Owner', '$.LastActivityMs', '$.NextFollowUpMs') END AS h
          FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p))
    WHERE h ->> 0 IS NOT NULL
    ON CONFLICT (ServiceId, CaseId) DO UPDATE SET
        Status = COALESCE(CAST(NEW.PayloadBinary AS TEXT) ->> '$.Status', HotlineCase.Status),
        LastActivityMs = max(HotlineCase.LastActivityMs, excluded.LastActivityMs), NextFollowUpMs = excluded.NextFollowUpMs;
    INSERT INTO HotlineAudit (ServiceId, CaseId, ContactId, At, Actor, Role, Action)
    SELECT NEW.ServiceId, a ->> 0, NULL, a ->> 1, a ->> 2, a ->> 3, a ->> 4
    FROM (SELECT CASE WHEN json_valid(p) THEN json_extract(p, '$.CaseId', '$.Change.At', '$.Change.By', '$.Change.Role', '$.Change.Action') END AS a
          FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p))
    WHERE a ->> 4 IS NOT NULL;
END;

-- Cases opened before this index existed: one row from each first contact.
INSERT OR IGNORE INTO HotlineCase (ServiceId, CaseId, Region, Status, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
SELECT ServiceId, p ->> '$.CaseId', p ->> '$.Region',
       CASE WHEN p ->> '$.ConnectedAt' IS NULL THEN 'New' ELSE 'Assigned' END, p ->> '$.ResponderId', p ->> '$.OpenedBy',
       CAST(round((julianday(p ->> '$.ReceivedAt') - 2440587.5) * 86400000) AS INTEGER),
       CAST(round((julianday(COALESCE(p ->> '$.EndedAt', p ->> '$.ConnectedAt', p ->> '$.ReceivedAt')) - 2440587.5) * 86400000) AS INTEGER),
       NULL, p ->> '$.CallerKey'
FROM (SELECT ServiceId, CAST(PayloadBinary AS TEXT) AS p FROM OrleansStorage WHERE GrainTypeString = 'contact')
WHERE json_valid(p) AND p ->> '$.CaseId' = p ->> '$.ContactId';

INSERT INTO HotlineSchemaVersion (Component, Version) VALUES ('cases', 1)
ON CONFLICT (Component) DO UPDATE SET Version = excluded.Version;
