using System.Data.Common;
using Hotline.Domain;

using Hotline.Ports;

namespace Hotline.Storage;

/// <summary>
/// Reads a page of the case index, whichever database answered: the listing query selects
/// CaseId, Region, Status, Owner, OpenedAtMs, LastActivityMs, NextFollowUpMs, one row more than
/// the page holds, and that extra row (not returned) says whether a next page exists.
/// </summary>
internal static class CasePageReader
{
    public static async Task<CasePage> ReadAsync(DbCommand command, int limit, CancellationToken cancellationToken)
    {
        var found = new List<CaseListing>(limit + 1);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(new CaseListing(
                    Guid.Parse(reader.GetString(0)),
                    reader.GetString(1),
                    Enum.Parse<CaseStatus>(reader.GetString(2)),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
            }
        }

        if (found.Count <= limit)
        {
            return new CasePage(found, null);
        }

        found.RemoveAt(found.Count - 1);
        return new CasePage(found, found[^1].Cursor);
    }
}
