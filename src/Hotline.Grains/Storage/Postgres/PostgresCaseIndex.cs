using System.Text;
using Hotline.Domain;
using Npgsql;

namespace Hotline.Storage;

/// <summary>The case index in PostgreSQL (table HotlineCase): the same order and pages as <see cref="SqliteCaseIndex"/>.</summary>
public sealed class PostgresCaseIndex(NpgsqlDataSource dataSource, string serviceId) : ICaseIndex
{
    public async Task<Guid?> OpenCaseOfCaller(string callerKey, string region, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT CaseId FROM HotlineCase
            WHERE ServiceId = @service AND CallerKey = @key AND Region = @region AND Status <> 'Closed'
            ORDER BY LastActivityMs DESC LIMIT 1
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("key", callerKey);
        command.Parameters.AddWithValue("region", region);
        return await command.ExecuteScalarAsync(cancellationToken) is string id ? Guid.Parse(id) : null;
    }

    public async Task<CasePage> List(CaseQuery query, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand();
        command.CommandText = ListSql(query, command.Parameters);
        return await CasePageReader.ReadAsync(command, query.Limit, cancellationToken);
    }

    /// <summary>The listing query for <paramref name="query"/>; internal so a test can check its plan.</summary>
    internal string ListSql(CaseQuery query, NpgsqlParameterCollection parameters)
    {
        var sql = new StringBuilder("""
            SELECT CaseId, Region, Status, Owner, OpenedAtMs, LastActivityMs, NextFollowUpMs
            FROM HotlineCase WHERE ServiceId = @service
            """);
        parameters.AddWithValue("service", serviceId);
        if (query.Regions is { } regions)
        {
            sql.Append(OneOf("Region", "regions", [.. regions], parameters));
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            sql.Append(OneOf("Status", "statuses", [.. statuses.Select(s => s.ToString())], parameters));
        }

        if (query.Owner is { } owner)
        {
            sql.Append(" AND Owner = @owner");
            parameters.AddWithValue("owner", owner);
        }

        if (query.OpenedBy is { } openedBy)
        {
            sql.Append(" AND OpenedBy = @openedBy");
            parameters.AddWithValue("openedBy", openedBy);
        }

        if (query.FollowUpDueBy is { } dueBy)
        {
            sql.Append(" AND NextFollowUpMs <= @due");
            parameters.AddWithValue("due", dueBy.ToUnixTimeMilliseconds());
        }

        if (query.After is { } after)
        {
            sql.Append(" AND (LastActivityMs, CaseId) < (@afterMs, @afterId)");
            parameters.AddWithValue("afterMs", after.LastActivityMs);
            parameters.AddWithValue("afterId", after.CaseId.ToString());
        }

        sql.Append(" ORDER BY LastActivityMs DESC, CaseId DESC LIMIT @limit");
        parameters.AddWithValue("limit", query.Limit + 1);
        return sql.ToString();
    }

    public async Task<IReadOnlyList<DueFollowUp>> FollowUpsDue(DateTimeOffset now, DueFollowUp? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT CaseId, NextFollowUpMs FROM HotlineCase
            WHERE ServiceId = @service AND NextFollowUpMs <= @now AND (NextFollowUpMs, CaseId) > (@afterMs, @afterId)
            ORDER BY NextFollowUpMs, CaseId LIMIT @limit
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("afterMs", after?.DueMs ?? long.MinValue);
        command.Parameters.AddWithValue("afterId", after?.CaseId.ToString() ?? "");
        command.Parameters.AddWithValue("limit", limit);
        var due = new List<DueFollowUp>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueFollowUp(Guid.Parse(reader.GetString(0)), reader.GetInt64(1)));
        }

        return due;
    }

    /// <summary>
    /// A filter on one of several values. One value is an equality, so the listing index
    /// returns rows already in order; an array match would read them all and sort. No values
    /// match nothing.
    /// </summary>
    private static string OneOf(string column, string name, string[] values, NpgsqlParameterCollection parameters)
    {
        if (values.Length == 1)
        {
            parameters.AddWithValue(name, values[0]);
            return $" AND {column} = @{name}";
        }

        parameters.AddWithValue(name, values);
        return $" AND {column} = ANY(@{name})";
    }
}
