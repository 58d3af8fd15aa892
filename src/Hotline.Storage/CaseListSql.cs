using System.Text;

using Hotline.Ports;

namespace Hotline.Storage;

/// <summary>
/// The case listing query, the same for both databases: filters, keyset position, newest
/// activity first, one row more than the page (see <see cref="CasePageReader"/>). Each database
/// binds parameters its own way and writes "one of these values" its own way.
/// </summary>
internal static class CaseListSql
{
    /// <param name="query">What to list.</param>
    /// <param name="serviceId">The deployment's service id, part of every row's key.</param>
    /// <param name="bind">Adds a parameter named <c>name</c> and returns its placeholder.</param>
    /// <param name="oneOf">The clause " AND column matches one of values", binding what it needs under <c>name</c>.</param>
    public static string Build(CaseQuery query, string serviceId, Func<string, object, string> bind, Func<string, string, string[], string> oneOf)
    {
        var sql = new StringBuilder($"""
            SELECT CaseId, Region, Status, Owner, OpenedAtMs, LastActivityMs, NextFollowUpMs
            FROM HotlineCaseIndex WHERE ServiceId = {bind("service", serviceId)}
            """);
        if (query.Regions is { } regions)
        {
            sql.Append(oneOf("Region", "regions", [.. regions]));
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            sql.Append(oneOf("Status", "statuses", [.. statuses.Select(s => s.ToString())]));
        }

        if (query.Owner is { } owner)
        {
            sql.Append(" AND Owner = ").Append(bind("owner", owner));
        }

        if (query.OpenedBy is { } openedBy)
        {
            sql.Append(" AND OpenedBy = ").Append(bind("openedBy", openedBy));
        }

        if (query.OpenedSince is { } openedSince)
        {
            sql.Append(" AND OpenedAtMs > ").Append(bind("openedSince", openedSince.ToUnixTimeMilliseconds()));
        }

        if (query.FollowUpDueBy is { } dueBy)
        {
            sql.Append(" AND NextFollowUpMs <= ").Append(bind("due", dueBy.ToUnixTimeMilliseconds()));
        }

        if (query.InactiveBefore is { } inactiveBefore)
        {
            sql.Append(" AND LastActivityMs < ").Append(bind("inactiveBefore", inactiveBefore.ToUnixTimeMilliseconds()));
        }

        if (query.After is { } after)
        {
            sql.Append(" AND (LastActivityMs, CaseId) < (").Append(bind("afterMs", after.LastActivityMs)).Append(", ")
                .Append(bind("afterId", after.CaseId.ToString())).Append(')');
        }

        sql.Append(" ORDER BY LastActivityMs DESC, CaseId DESC LIMIT ").Append(bind("limit", query.Limit + 1));
        return sql.ToString();
    }
}
