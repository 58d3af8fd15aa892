using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.Cases;
using Hotline.Contacts;
using Hotline.Domain;

namespace Hotline.Storage;

/// <summary>
/// A case is stored as a small clear header the database's case index and audit read (ids,
/// codes, times, the change the write makes) around its whole state, sealed: notes, facts,
/// referrals and follow-ups are never written in the clear.
/// </summary>
public static class CaseRecordJson
{
    public static byte[] Serialize(CaseState state, byte[] sealedBody)
    {
        var h = state.Header;
        var record = new CaseRecord(h?.CaseId, h?.Region, h?.Status, h?.RoutingStatus, h?.Owner, h?.LastActivityMs, h?.NextFollowUpMs, state.Change, Convert.ToBase64String(sealedBody));
        return JsonSerializer.SerializeToUtf8Bytes(record, CaseRecordJsonContext.Default.CaseRecord);
    }

    /// <summary>A stored case's header and sealed body, or null when the record is not in this format.</summary>
    public static StoredCase? Read(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || utf8[0] != (byte)'{')
        {
            return null;
        }

        var record = JsonSerializer.Deserialize(utf8, CaseRecordJsonContext.Default.CaseRecord)
            ?? throw new JsonException("A case record was empty.");
        return new StoredCase(record.CaseId, record.Status, Convert.FromBase64String(record.Body));
    }

    /// <summary>
    /// What is left of a case whose data key was destroyed (a copy of the database from before
    /// its erasure): the status its work had set, nothing else.
    /// </summary>
    public static CaseState Remains(StoredCase stored) => new() { Status = stored.Status };
}

/// <summary>A stored case as read: the clear fields the grain needs and the sealed body.</summary>
public sealed record StoredCase(Guid? CaseId, CaseStatus? Status, byte[] Body);

/// <summary>The stored shape of a case; property names are read by the database (Sqlite/004-cases.sql, Postgres/004-cases.sql).</summary>
internal sealed record CaseRecord(
    Guid? CaseId,
    string? Region,
    CaseStatus? Status,
    CaseStatus? RoutingStatus,
    string? Owner,
    long? LastActivityMs,
    long? NextFollowUpMs,
    ContactChange? Change,
    string Body);

[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(CaseRecord))]
internal sealed partial class CaseRecordJsonContext : JsonSerializerContext;
