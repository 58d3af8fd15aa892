-- Hotline's PostgreSQL schema for Orleans' ADO.NET providers: grain storage, clustering
-- (membership) and reminders. Applied at every start by PostgresStore, under an advisory
-- lock and in one transaction: every statement is safe to run again. The named queries are
-- replaced on each run, so a change to one here takes effect without a migration.
--
-- The providers read result columns by name (Npgsql matches them without regard to case,
-- so the unquoted, lower-cased names below are found) and bind parameters by name: a query
-- may be rewritten freely as long as it keeps its parameters, its result columns and its
-- meaning. Each query here is one statement, so it commits once.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS HotlineSchemaVersion
(
    component varchar PRIMARY KEY,
    version   integer NOT NULL
);

-- Grain storage: one row per grain state. The key is the grain's identity as the provider
-- computes it; a missing key extension is stored as '' so the primary key can cover it.
-- The later scripts put triggers on this table: its column names and types are fixed.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NOT NULL DEFAULT '',
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea        NULL,
    modifiedon             timestamptz  NOT NULL,
    version                integer      NOT NULL,
    PRIMARY KEY (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring, serviceid)
);

-- Membership: one version row per cluster, bumped by every change to the cluster's rows,
-- and one row per silo incarnation (address, port, generation). Removing a cluster's
-- version row removes its silos with it.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL PRIMARY KEY,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId) ON DELETE CASCADE,
    Address      varchar(45)  NOT NULL,
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     text         NOT NULL,
    HostName     text         NOT NULL,
    Status       integer      NOT NULL,
    ProxyPort    integer      NOT NULL,
    SuspectTimes text         NULL,
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Reminders: one row per grain and reminder name. GrainHash is the grain's place on the
-- ring (an unsigned hash stored as a signed integer); each silo reads its own ranges of it.
CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150) NOT NULL,
    GrainId      text         NOT NULL,
    ReminderName text         NOT NULL,
    StartTime    timestamptz  NOT NULL,
    Period       bigint       NOT NULL,
    GrainHash    integer      NOT NULL,
    Version      integer      NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IF NOT EXISTS OrleansRemindersByHash ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO HotlineSchemaVersion (component, version) VALUES ('orleans', 1)
ON CONFLICT (component) DO UPDATE SET version = excluded.version;

-- Grain storage queries. @GrainStateVersion is null for a grain that has never been
-- written (or read as absent); @GrainIdExtensionString is null for a key without one.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Optimistic concurrency in one statement: insert the first version, or bump the version
-- only when the caller holds the current one. A version conflict returns no row, which
-- the provider reports as an inconsistent state (and so does a first write racing another).
('WriteToStorageKey', $q$
    INSERT INTO OrleansStorage AS s
        (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
    VALUES
        (@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, COALESCE(@GrainIdExtensionString, ''), @ServiceId, @PayloadBinary, now(), 1)
    ON CONFLICT (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring, serviceid)
    DO UPDATE SET
        payloadbinary = excluded.payloadbinary,
        modifiedon = excluded.modifiedon,
        version = s.version + 1
    WHERE s.version = @GrainStateVersion
    RETURNING s.version AS NewGrainStateVersion;
$q$),

('ReadFromStorageKey', $q$
    SELECT payloadbinary AS PayloadBinary, version AS Version
    FROM OrleansStorage
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
      AND serviceid = @ServiceId;
$q$),

-- Clearing keeps the row (and its version) with no payload, so a later write by an
-- activation that still holds an older version is refused.
('ClearStorageKey', $q$
    UPDATE OrleansStorage
    SET payloadbinary = NULL,
        modifiedon = now(),
        version = version + 1
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
      AND serviceid = @ServiceId
      AND version = @GrainStateVersion
    RETURNING version AS NewGrainStateVersion;
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Membership queries. @DeploymentId is the cluster id. The provider expects a single
-- boolean-like value from the version, insert and update queries: true when the change
-- was made, false when the table version it held is no longer current.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('InsertMembershipVersionKey', $q$
    WITH inserted AS
    (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT count(*) > 0 FROM inserted;
$q$),

-- The version row is bumped only when the caller's version is current and the silo row is
-- new; its row lock makes concurrent changes to one cluster take turns, and the loser sees
-- the bumped version and changes nothing.
('InsertMembershipKey', $q$
    WITH bumped AS
    (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId = @DeploymentId AND Version = @Version
          AND NOT EXISTS (SELECT 1 FROM OrleansMembershipTable
                          WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
        RETURNING DeploymentId
    ),
    inserted AS
    (
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
        FROM bumped
        ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING
        RETURNING 1
    )
    SELECT count(*) > 0 FROM inserted;
$q$),

('UpdateMembershipKey', $q$
    WITH bumped AS
    (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId = @DeploymentId AND Version = @Version
          AND EXISTS (SELECT 1 FROM OrleansMembershipTable
                      WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
        RETURNING DeploymentId
    ),
    updated AS
    (
        UPDATE OrleansMembershipTable AS m
        SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
        FROM bumped
        WHERE m.DeploymentId = bumped.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
        RETURNING 1
    )
    SELECT count(*) > 0 FROM updated;
$q$),

-- A heartbeat: not versioned, and its result is not read.
('UpdateIAmAlivetimeKey', $q$
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$),

-- The version row comes back even when the silo has no row (its columns are then null).
('MembershipReadRowKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
        ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
$q$),

('MembershipReadAllKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
$q$),

-- The silos' rows go with the version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),

-- @Status is Active (3).
('GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
$q$),

-- Rows of silos that are not active and have not sent a heartbeat since @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3;
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Reminder queries. @Version is the reminder's ETag; @Period is in milliseconds (an int or
-- a bigint parameter, by size); @BeginHash and @EndHash bound a range of the ring.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('UpsertReminderRowKey', $q$
    INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName)
    DO UPDATE SET
        StartTime = excluded.StartTime,
        Period = excluded.Period,
        GrainHash = excluded.GrainHash,
        Version = r.Version + 1
    RETURNING r.Version AS Version;
$q$),

('ReadReminderRowsKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
$q$),

('ReadReminderRowKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
$q$),

-- A range that does not wrap around the ring: (@BeginHash, @EndHash].
('ReadRangeRows1Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
$q$),

-- A range that wraps around the end of the ring (the whole ring when the bounds are equal).
('ReadRangeRows2Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$),

('DeleteReminderRowKey', $q$
    WITH deleted AS
    (
        DELETE FROM OrleansRemindersTable
        WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version
        RETURNING 1
    )
    SELECT count(*) > 0 FROM deleted;
$q$),

('DeleteReminderRowsKey', $q$
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
