using Npgsql;

using Hotline.Ports;

namespace Hotline.Storage;

/// <summary>The case index in PostgreSQL (table HotlineCaseIndex): the same order and pages as <see cref="SqliteCaseIndex"/>.</summary>
public sealed class PostgresCaseIndex(NpgsqlDataSource dataSource, string serviceId) : ICaseIndex
{
    public async Task<Guid?> OpenCaseOfCaller(string callerKey, string region, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT CaseId FROM HotlineCaseIndex
            WHERE ServiceId = @service AND CallerKey = @key AND Region = @region AND Status <> 'Closed'
            ORDER BY LastActivityMs DESC LIMIT 1
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("key", callerKey);
        command.Parameters.AddWithValue("region", region);
        return await command.ExecuteScalarAsync(cancellationToken) is string id ? Guid.Parse(id) : null;
    }

    public async Task<IReadOnlyList<(Guid CaseId, string Region)>> CasesOfCaller(string callerKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT CaseId, Region FROM HotlineCaseIndex WHERE ServiceId = @service AND CallerKey = @key");
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("key", callerKey);
        var found = new List<(Guid, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((Guid.Parse(reader.GetString(0)), reader.GetString(1)));
        }

        return found;
    }

    public async Task<CasePage> List(CaseQuery query, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand();
        command.CommandText = ListSql(query, command.Parameters);
        return await CasePageReader.ReadAsync(command, query.Limit, cancellationToken);
    }

    /// <summary>The listing query for <paramref name="query"/>; internal so a test can check its plan.</summary>
    internal string ListSql(CaseQuery query, NpgsqlParameterCollection parameters) =>
        CaseListSql.Build(query, serviceId,
            (name, value) =>
            {
                parameters.AddWithValue(name, value);
                return "@" + name;
            },
            (column, name, values) => OneOf(column, name, values, parameters));

    public async Task<IReadOnlyList<DueFollowUp>> FollowUpsDue(DateTimeOffset now, DueFollowUp? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT CaseId, NextFollowUpMs FROM HotlineCaseIndex
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
