-- The case index: one row per case, what ListCases, the follow-up scheduler and the
-- returning-caller lookup read instead of loading case grains. Kept by triggers in the same
-- statement (so the same commit) as the contact or case write that changes it. It holds no
-- personal data: ids, codes, staff identities, times in Unix milliseconds, and the keyed hash
-- of the caller's number (never the number).
-- Applied at every start after 003 (the case trigger adds audit lines).

-- Case ids are ordered byte by byte, as the embedded store orders them, whatever the
-- database's collation: a listing's keyset cursor then means the same on either store.
CREATE TABLE IF NOT EXISTS HotlineCase
(
    ServiceId      text              NOT NULL,
    CaseId         text COLLATE "C"  NOT NULL,
    Region         text              NOT NULL,
    Status         text              NOT NULL,
    Owner          text              NULL,
    OpenedBy       text              NULL,
    OpenedAtMs     bigint            NOT NULL,
    LastActivityMs bigint            NOT NULL,
    NextFollowUpMs bigint            NULL,
    CallerKey      text              NULL,
    PRIMARY KEY (ServiceId, CaseId)
);

-- Listing is newest activity first, ties by case id; each filter has an index in that order.
CREATE INDEX IF NOT EXISTS HotlineCaseByActivity ON HotlineCase (ServiceId, LastActivityMs DESC, CaseId DESC);
CREATE INDEX IF NOT EXISTS HotlineCaseByRegion ON HotlineCase (ServiceId, Region, LastActivityMs DESC, CaseId DESC);
CREATE INDEX IF NOT EXISTS HotlineCaseByRegionStatus ON HotlineCase (ServiceId, Region, Status, LastActivityMs DESC, CaseId DESC);
CREATE INDEX IF NOT EXISTS HotlineCaseByOwner ON HotlineCase (ServiceId, Owner, LastActivityMs DESC, CaseId DESC) WHERE Owner IS NOT NULL;
CREATE INDEX IF NOT EXISTS HotlineCaseByOpener ON HotlineCase (ServiceId, OpenedBy, LastActivityMs DESC, CaseId DESC) WHERE OpenedBy IS NOT NULL;
-- Follow-ups due, in the scheduler's order (due time, then case id), carrying what a
-- listing of them shows so that an index-only scan can answer it.
CREATE INDEX IF NOT EXISTS HotlineCaseFollowUpsDueCovering
    ON HotlineCase (ServiceId, NextFollowUpMs, CaseId) INCLUDE (LastActivityMs, Region, Status, Owner, OpenedAtMs) WHERE NextFollowUpMs IS NOT NULL;
-- A returning caller: their latest case in one region, straight from the index.
CREATE INDEX IF NOT EXISTS HotlineCaseByCallerRegion ON HotlineCase (ServiceId, CallerKey, Region, LastActivityMs DESC) WHERE CallerKey IS NOT NULL;

-- A contact (or work item) recorded: its case's row is created by the first one and touched
-- by the rest. A contact changed: connecting one (or accepting a transfer) makes its responder
-- the owner and a new case assigned; an accepted transfer may move the case; erasure drops the
-- caller hash.
CREATE OR REPLACE FUNCTION hotline_case_contact_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    p jsonb := hotline_payload_json(NEW.payloadbinary);
    action text := p -> 'Change' ->> 'Action';
    changed_ms bigint := (p ->> 'ChangedAtMs')::bigint;
BEGIN
    IF p ->> 'CaseId' IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF changed_ms IS NOT NULL THEN
            INSERT INTO HotlineCase (ServiceId, CaseId, Region, Status, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
            VALUES (NEW.serviceid, p ->> 'CaseId', p ->> 'Region', 'New', NULL, p ->> 'OpenedBy', changed_ms, changed_ms, NULL, p ->> 'CallerKey')
            ON CONFLICT (ServiceId, CaseId) DO UPDATE SET
                LastActivityMs = greatest(HotlineCase.LastActivityMs, excluded.LastActivityMs),
                CallerKey = COALESCE(HotlineCase.CallerKey, excluded.CallerKey);
        END IF;
    ELSE
        UPDATE HotlineCase SET
            Owner = CASE WHEN action IN ('contact_connected', 'transfer_accepted') THEN p ->> 'ResponderId' ELSE Owner END,
            Status = CASE WHEN action IN ('contact_connected', 'transfer_accepted') AND Status = 'New' THEN 'Assigned' ELSE Status END,
            Region = CASE WHEN action = 'transfer_accepted' AND p ->> 'TransferRegion' IS NOT NULL THEN p ->> 'TransferRegion' ELSE Region END,
            LastActivityMs = CASE WHEN action = 'contact_erased' OR changed_ms IS NULL THEN LastActivityMs ELSE greatest(LastActivityMs, changed_ms) END,
            CallerKey = CASE WHEN action = 'contact_erased' THEN NULL ELSE CallerKey END
        WHERE ServiceId = NEW.serviceid AND CaseId = p ->> 'CaseId';
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER HotlineCaseContactChanged AFTER INSERT OR UPDATE ON OrleansStorage
FOR EACH ROW WHEN (NEW.graintypestring = 'contact')
EXECUTE FUNCTION hotline_case_contact_changed();

-- A case's own write carries its index header (see CaseRecordJson) and the change it makes.
-- Owner and region belong to the contact trigger above (a contact's write may land while a
-- case write is under way); the header's status is only the one work set (null before any),
-- so a case write never puts back an older owner, region or routing status.
CREATE OR REPLACE FUNCTION hotline_case_record_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    p jsonb := hotline_payload_json(NEW.payloadbinary);
BEGIN
    IF p ->> 'CaseId' IS NOT NULL THEN
        INSERT INTO HotlineCase (ServiceId, CaseId, Region, Status, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
        VALUES (NEW.serviceid, p ->> 'CaseId', p ->> 'Region',
                COALESCE(p ->> 'Status', CASE WHEN p ->> 'Owner' IS NULL THEN 'New' ELSE 'Assigned' END), p ->> 'Owner', NULL,
                (p ->> 'LastActivityMs')::bigint, (p ->> 'LastActivityMs')::bigint, (p ->> 'NextFollowUpMs')::bigint, NULL)
        ON CONFLICT (ServiceId, CaseId) DO UPDATE SET
            Status = COALESCE(p ->> 'Status', HotlineCase.Status),
            LastActivityMs = greatest(HotlineCase.LastActivityMs, excluded.LastActivityMs),
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

-- Cases opened before this index existed: one row from each first contact. Rows the index
-- could not hold (no region or receipt time) are skipped, as the embedded store skips them.
INSERT INTO HotlineCase (ServiceId, CaseId, Region, Status, Owner, OpenedBy, OpenedAtMs, LastActivityMs, NextFollowUpMs, CallerKey)
SELECT serviceid, p ->> 'CaseId', p ->> 'Region',
       CASE WHEN p ->> 'ConnectedAt' IS NULL THEN 'New' ELSE 'Assigned' END, p ->> 'ResponderId', p ->> 'OpenedBy',
       round(extract(epoch FROM (p ->> 'ReceivedAt')::timestamptz) * 1000)::bigint,
       round(extract(epoch FROM COALESCE(p ->> 'EndedAt', p ->> 'ConnectedAt', p ->> 'ReceivedAt')::timestamptz) * 1000)::bigint,
       NULL, p ->> 'CallerKey'
FROM (SELECT serviceid, hotline_payload_json(payloadbinary) AS p FROM OrleansStorage WHERE graintypestring = 'contact') AS contacts
WHERE p ->> 'CaseId' = p ->> 'ContactId' AND p ->> 'Region' IS NOT NULL AND p ->> 'ReceivedAt' IS NOT NULL
ON CONFLICT (ServiceId, CaseId) DO NOTHING;

INSERT INTO HotlineSchemaVersion (component, version) VALUES ('cases', 1)
ON CONFLICT (component) DO UPDATE SET version = excluded.version;
