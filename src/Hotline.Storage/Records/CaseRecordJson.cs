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

    /// <summary>The sealed body of a stored case, or null when the record is not in this format.</summary>
    public static byte[]? SealedBody(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || utf8[0] != (byte)'{')
        {
            return null;
        }

        var record = JsonSerializer.Deserialize(utf8, CaseRecordJsonContext.Default.CaseRecord)
            ?? throw new JsonException("A case record was empty.");
        return Convert.FromBase64String(record.Body);
    }
}

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
