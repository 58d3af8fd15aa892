-- The open-contacts index: one row per contact that is waiting or connected, kept by
-- triggers inside the same statement (so the same commit) as the contact's own write.
-- Dispatchers rebuild their waiting lists from it on activation and responders their
-- assignments, so neither has to write on every contact. It holds no personal data:
-- the storage row's key, the region, the status and the responder.

CREATE TABLE IF NOT EXISTS HotlineOpenContact
(
    GrainIdHash            INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NOT NULL,
    ServiceId              TEXT    NOT NULL,
    Region                 TEXT    NOT NULL,
    Status                 TEXT    NOT NULL,
    ResponderId            TEXT    NULL,
    PRIMARY KEY (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString, ServiceId)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS HotlineOpenContactByRegion ON HotlineOpenContact (ServiceId, Region, Status);
CREATE INDEX IF NOT EXISTS HotlineOpenContactByResponder ON HotlineOpenContact (ServiceId, ResponderId) WHERE ResponderId IS NOT NULL;

INSERT INTO HotlineSchemaVersion (Component, Version) VALUES ('open-contacts', 1)
ON CONFLICT (Component) DO UPDATE SET Version = excluded.Version;

-- Contact state is stored as JSON (see ContactRecordJson); the triggers read three fields.
DROP TRIGGER IF EXISTS HotlineOpenContactAfterInsert;
CREATE TRIGGER HotlineOpenContactAfterInsert AFTER INSERT ON OrleansStorage
WHEN NEW.GrainTypeString = 'contact'
BEGIN
    INSERT INTO HotlineOpenContact
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, Region, Status, ResponderId)
    SELECT NEW.GrainIdHash, NEW.GrainIdN0, NEW.GrainIdN1, NEW.GrainTypeHash, NEW.GrainTypeString, NEW.GrainIdExtensionString, NEW.ServiceId,
           json_extract(p, '$.Region'), json_extract(p, '$.Status'), json_extract(p, '$.ResponderId')
    FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p)
    WHERE CASE WHEN json_valid(p) THEN json_extract(p, '$.Status') IN ('Queued', 'Connected') ELSE 0 END;
END;

DROP TRIGGER IF EXISTS HotlineOpenContactAfterUpdate;
CREATE TRIGGER HotlineOpenContactAfterUpdate AFTER UPDATE ON OrleansStorage
WHEN NEW.GrainTypeString = 'contact'
BEGIN
    DELETE FROM HotlineOpenContact
    WHERE GrainIdHash = NEW.GrainIdHash AND GrainTypeHash = NEW.GrainTypeHash
      AND GrainIdN0 = NEW.GrainIdN0 AND GrainIdN1 = NEW.GrainIdN1
      AND GrainTypeString = NEW.GrainTypeString
      AND GrainIdExtensionString = NEW.GrainIdExtensionString
      AND ServiceId = NEW.ServiceId;
    INSERT INTO HotlineOpenContact
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, Region, Status, ResponderId)
    SELECT NEW.GrainIdHash, NEW.GrainIdN0, NEW.GrainIdN1, NEW.GrainTypeHash, NEW.GrainTypeString, NEW.GrainIdExtensionString, NEW.ServiceId,
           json_extract(p, '$.Region'), json_extract(p, '$.Status'), json_extract(p, '$.ResponderId')
    FROM (SELECT CAST(NEW.PayloadBinary AS TEXT) AS p)
    WHERE CASE WHEN json_valid(p) THEN json_extract(p, '$.Status') IN ('Queued', 'Connected') ELSE 0 END;
END;
