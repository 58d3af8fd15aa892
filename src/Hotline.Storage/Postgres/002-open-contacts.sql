-- The open-contacts index: one row per contact that is waiting or connected, kept by a
-- trigger inside the same statement (so the same commit) as the contact's own write.
-- Dispatchers rebuild their waiting lists from it on activation and responders their
-- assignments, so neither has to write on every contact. It holds no personal data:
-- the storage row's key, the region, the status and the responder.
-- Applied at every start after 001: every statement is safe to run again.

-- A stored record as JSON, or null when it is not JSON. Most grain states are the Orleans
-- binary format; only records that open with '{' (contacts and cases, see ContactRecordJson
-- and CaseRecordJson) are parsed, and one that still fails to parse is treated as not JSON
-- so that the grain's write goes through. The later scripts (003, 004) use it too. Its
-- handler starts a subtransaction, which a parallel worker cannot: it stays parallel unsafe.
CREATE OR REPLACE FUNCTION hotline_payload_json(payload bytea) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF payload IS NULL OR length(payload) = 0 OR get_byte(payload, 0) <> 123 THEN
        RETURN NULL;
    END IF;
    -- The handler's subtransaction is only entered for records that look like JSON.
    BEGIN
        RETURN convert_from(payload, 'UTF8')::jsonb;
    EXCEPTION WHEN data_exception THEN
        RETURN NULL;
    END;
END;
$$;

CREATE TABLE IF NOT EXISTS HotlineOpenContact
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NOT NULL,
    ServiceId              varchar(150) NOT NULL,
    Region                 text         NOT NULL,
    Status                 text         NOT NULL,
    ResponderId            text         NULL,
    PRIMARY KEY (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString, ServiceId)
);

CREATE INDEX IF NOT EXISTS HotlineOpenContactByRegion ON HotlineOpenContact (ServiceId, Region, Status);
CREATE INDEX IF NOT EXISTS HotlineOpenContactByResponder ON HotlineOpenContact (ServiceId, ResponderId) WHERE ResponderId IS NOT NULL;

INSERT INTO HotlineSchemaVersion (component, version) VALUES ('open-contacts', 1)
ON CONFLICT (component) DO UPDATE SET version = excluded.version;

-- Contact state is stored as JSON (see ContactRecordJson); the trigger reads three fields.
CREATE OR REPLACE FUNCTION hotline_open_contact_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    p jsonb := hotline_payload_json(NEW.payloadbinary);
BEGIN
    IF p ->> 'Status' IN ('Queued', 'Connected') THEN
        INSERT INTO HotlineOpenContact
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, Region, Status, ResponderId)
        VALUES (NEW.grainidhash, NEW.grainidn0, NEW.grainidn1, NEW.graintypehash, NEW.graintypestring, NEW.grainidextensionstring, NEW.serviceid,
                p ->> 'Region', p ->> 'Status', p ->> 'ResponderId')
        ON CONFLICT (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString, ServiceId)
        DO UPDATE SET Region = excluded.Region, Status = excluded.Status, ResponderId = excluded.ResponderId;
    ELSIF TG_OP = 'UPDATE' THEN
        DELETE FROM HotlineOpenContact
        WHERE GrainIdHash = NEW.grainidhash AND GrainTypeHash = NEW.graintypehash
          AND GrainIdN0 = NEW.grainidn0 AND GrainIdN1 = NEW.grainidn1
          AND GrainTypeString = NEW.graintypestring
          AND GrainIdExtensionString = NEW.grainidextensionstring
          AND ServiceId = NEW.serviceid;
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER HotlineOpenContactChanged AFTER INSERT OR UPDATE ON OrleansStorage
FOR EACH ROW WHEN (NEW.graintypestring = 'contact')
EXECUTE FUNCTION hotline_open_contact_changed();
