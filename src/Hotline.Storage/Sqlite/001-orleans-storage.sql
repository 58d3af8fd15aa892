-- Hotline's SQLite schema for Orleans' ADO.NET grain storage. Applied at every start:
-- every statement is safe to run again. The named queries are replaced on each start so
-- an upgrade of this file takes effect without a migration.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- One row per grain state. The key is the grain's identity as the provider computes it;
-- a missing key extension is stored as '' so the primary key can cover it.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NOT NULL DEFAULT '',
    ServiceId              TEXT    NOT NULL,
    PayloadBinary          BLOB    NULL,
    ModifiedOn             TEXT    NOT NULL,
    Version                INTEGER NOT NULL,
    PRIMARY KEY (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString, ServiceId)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS HotlineSchemaVersion
(
    Component TEXT    NOT NULL PRIMARY KEY,
    Version   INTEGER NOT NULL
);

INSERT INTO HotlineSchemaVersion (Component, Version) VALUES ('orleans-storage', 1)
ON CONFLICT (Component) DO UPDATE SET Version = excluded.Version;

-- Write with optimistic concurrency in one statement (one commit): insert the first
-- version, or bump the version only when the caller holds the current one. No row comes
-- back on a version conflict, which the provider reports as an inconsistent state.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    VALUES
        (@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, COALESCE(@GrainIdExtensionString, ''''), @ServiceId, @PayloadBinary,
         strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''), 1)
    ON CONFLICT (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString, ServiceId)
    DO UPDATE SET
        PayloadBinary = excluded.PayloadBinary,
        ModifiedOn = excluded.ModifiedOn,
        Version = OrleansStorage.Version + 1
    WHERE OrleansStorage.Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '''')
      AND ServiceId = @ServiceId;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''),
        Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '''')
      AND ServiceId = @ServiceId
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
');
