-- The case index: one row per case, what ListCases, the follow-up scheduler and the
-- returning-caller lookup read instead of loading case grains. Kept by triggers in the same
-- statement (so the same commit) as the contact or case write that changes it. It holds no
-- personal data: ids, codes, staff identities, times in Unix milliseconds, and the keyed hash
-- of the caller's number (never the number).
-- Applied at every start after 003 (the case trigger adds audit lines).
--
-- Every value is computed in C# (Hotline.Domain: CaseOwnership, CaseView): a contact's write
-- carries what it changes in its case's row (CaseIndex, null fields leave a value as it is),
-- a case's write carries its header (see CaseRecordJson). The triggers only copy them.

-- Case ids are ordered byte by byte, as the embedded store orders them, whatever the
-- database's collation: a listing's keyset cursor then means the same on either store.
CREATE TABLE IF NOT EXISTS HotlineCaseIndex
(
    ServiceId      text              NOT NULL,
    CaseId         text COLLATE "C"  NOT NULL,
    Region         text              NOT NULL,
    -- Two writers, two columns: contact writes keep the status routing gave (New, Assigned),
    -- case writes the one work set (InProgress, Referred, Closed; null before any), because a
    -- contact's write may land while a case write is under way. Status shows the work's when
    -- there is one, as CaseOwnership.Status does.
    RoutingStatus  text              NOT NULL,
    WorkStatus     text              NULL,
    Status         text              GENERATED ALWAYS AS (COALESCE(WorkStatus, RoutingStatus)) STORED,
    Owner          text              NULL,
    OpenedBy       text              NULL,
    OpenedAtMs     bigint            NOT NULL,
    LastActivityMs bigint            NOT NULL,
    NextFollowUpMs bigint            NULL,
    CallerKey      text              NULL,
    PRIMARY KEY (ServiceId, CaseId)
);

-- Listing is newest activity first, ties by case id; each filter has an index in that order.
CREATE INDEX IF NOT EXISTS HotlineCaseIndexByActivity ON HotlineCaseIndex (ServiceId, LastActivityMs DESC, CaseId DESC);
CREATE INDEX IF NOT EXISTS HotlineCaseIndexByRegion ON HotlineCaseIndex (ServiceId, Region, LastActivityMs DESC, CaseId DESC);
CREATE INDEX IF NOT EXISTS HotlineCaseIndexByRegionStatus ON HotlineCaseIndex (ServiceId, Region, Status, LastActivityMs DESC, CaseId DESC);
CREATE INDEX IF NOT EXISTS HotlineCaseIndexByOwner ON HotlineCaseIndex (ServiceId, Owner, LastActivityMs DESC, CaseId DESC) WHERE Owner IS NOT NULL;
CREATE INDEX IF NOT EXISTS HotlineCaseIndexByOpener ON HotlineCaseIndex (ServiceId, OpenedBy, LastActivityMs DESC, CaseId DESC) WHERE OpenedBy IS NOT NULL;
-- Follow-ups due, in the scheduler's order (due time, then case id), carrying what a
-- listing of them shows so that an index-only scan can answer it.
CREATE INDEX IF NOT EXISTS HotlineCaseIndexFollowUpsDue
    ON HotlineCaseIndex (ServiceId, NextFollowUpMs, CaseId) INCLUDE (LastActivityMs, Region, Status, Owner, OpenedAtMs) WHERE NextFollowUpMs IS NOT NULL;
-- A returning caller: their latest case in one region, straight from the index.
CREATE INDEX IF NOT EXISTS HotlineCaseIndexByCallerRegion ON HotlineCaseIndex (ServiceId, CallerKey, Region, LastActivityMs DESC) WHERE CallerKey IS NOT NULL;

-- A contact written: the write that opens a case creates its row; every write copies what it changes.
CREATE OR REPLACE FUNCTION hotline_case_contact_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    p jsonb := hotline_payload_json(NEW.payloadbinary);
    h jsonb := p -> 'CaseIndex';
BEGIN
    IF p ->> 'CaseId' IS NULL OR h IS NULL OR jsonb_typeof(h) <> 'object' THEN
        RETURN NULL;
    END IF;
    IF (h ->> 'Opens')::boolean THEN
        INSERT INTO HotlineCaseIndex (ServiceId, CaseId, Region, RoutingStatus, WorkStatus, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
        VALUES (NEW.serviceid, p ->> 'CaseId', h ->> 'Region', h ->> 'RoutingStatus', NULL, h ->> 'Owner', h ->> 'OpenedBy',
                (h ->> 'ActivityMs')::bigint, (h ->> 'ActivityMs')::bigint, NULL, h ->> 'CallerKey')
        ON CONFLICT (ServiceId, CaseId) DO NOTHING;
        -- The write that opened the row has nothing more to copy into it.
        RETURN NULL;
    END IF;
    UPDATE HotlineCaseIndex SET
        Region = COALESCE(h ->> 'Region', Region),
        Owner = COALESCE(h ->> 'Owner', Owner),
        RoutingStatus = COALESCE(h ->> 'RoutingStatus', RoutingStatus),
        LastActivityMs = greatest(LastActivityMs, COALESCE((h ->> 'ActivityMs')::bigint, LastActivityMs)),
        CallerKey = CASE WHEN (h ->> 'ForgetsCaller')::boolean THEN NULL ELSE COALESCE(CallerKey, h ->> 'CallerKey') END
    WHERE ServiceId = NEW.serviceid AND CaseId = p ->> 'CaseId';
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER HotlineCaseContactChanged AFTER INSERT OR UPDATE ON OrleansStorage
FOR EACH ROW WHEN (NEW.graintypestring = 'contact')
EXECUTE FUNCTION hotline_case_contact_changed();

-- A case's own write carries its header and the change it makes (an audit line). Owner,
-- region and routing status belong to the contact trigger above once the row exists: a case
-- write fills them only for a case the index does not have yet, and otherwise sets its work
-- status (when it has one), its activity and its next follow-up.
CREATE OR REPLACE FUNCTION hotline_case_record_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    p jsonb := hotline_payload_json(NEW.payloadbinary);
BEGIN
    IF p ->> 'CaseId' IS NOT NULL THEN
        INSERT INTO HotlineCaseIndex (ServiceId, CaseId, Region, RoutingStatus, WorkStatus, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
        VALUES (NEW.serviceid, p ->> 'CaseId', p ->> 'Region', p ->> 'RoutingStatus', p ->> 'Status', p ->> 'Owner', NULL,
                (p ->> 'LastActivityMs')::bigint, (p ->> 'LastActivityMs')::bigint, (p ->> 'NextFollowUpMs')::bigint, NULL)
        ON CONFLICT (ServiceId, CaseId) DO UPDATE SET
            WorkStatus = COALESCE(excluded.WorkStatus, HotlineCaseIndex.WorkStatus),
            LastActivityMs = greatest(HotlineCaseIndex.LastActivityMs, excluded.LastActivityMs),
            NextFollowUpMs = excluded.NextFollowUpMs;
    END IF;
    IF p -> 'Change' ->> 'Action' IS NOT NULL THEN
        INSERT INTO HotlineAudit (ServiceId, CaseId, ContactId, At, Actor, Role, Action)
        VALUES (NEW.serviceid, p ->> 'CaseId', NULL,
                p -> 'Change' ->> 'At', p -> 'Change' ->> 'By', p -> 'Change' ->> 'Role', p -> 'Change' ->> 'Action');
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER HotlineCaseRecordChanged AFTER INSERT OR UPDATE ON OrleansStorage
FOR EACH ROW WHEN (NEW.graintypestring = 'case')
EXECUTE FUNCTION hotline_case_record_changed();

-- Migration from version 1, where the index was the table HotlineCase with one Status column:
-- its New and Assigned were routing's, the rest work's. Each start finds it empty or missing
-- (it is created empty here only so the copy below can name it) and drops it.
CREATE TABLE IF NOT EXISTS HotlineCase
(
    ServiceId text NOT NULL, CaseId text COLLATE "C" NOT NULL, Region text NOT NULL, Status text NOT NULL, Owner text NULL,
    OpenedBy text NULL, OpenedAtMs bigint NOT NULL, LastActivityMs bigint NOT NULL, NextFollowUpMs bigint NULL,
    CallerKey text NULL, PRIMARY KEY (ServiceId, CaseId)
);
INSERT INTO HotlineCaseIndex (ServiceId, CaseId, Region, RoutingStatus, WorkStatus, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
SELECT ServiceId, CaseId, Region,
       CASE WHEN Status = 'New' THEN 'New' ELSE 'Assigned' END, CASE WHEN Status IN ('New', 'Assigned') THEN NULL ELSE Status END,
       Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey
FROM HotlineCase
ON CONFLICT (ServiceId, CaseId) DO NOTHING;
DROP TABLE HotlineCase;

INSERT INTO HotlineSchemaVersion (component, version) VALUES ('cases', 2)
ON CONFLICT (component) DO UPDATE SET version = excluded.version;
