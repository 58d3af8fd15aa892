using Microsoft.Data.Sqlite;

using Hotline.Ports;

namespace Hotline.Storage;

/// <summary>The case index in the embedded SQLite file (table HotlineCaseIndex).</summary>
public sealed class SqliteCaseIndex(HotlineSqliteDataSource database, string serviceId) : ICaseIndex
{
    public async Task<Guid?> OpenCaseOfCaller(string callerKey, string region, CancellationToken cancellationToken = default)
    {
        await using var connection = (SqliteConnection)await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT CaseId FROM HotlineCaseIndex
            WHERE ServiceId = $service AND CallerKey = $key AND Region = $region AND Status <> 'Closed'
            ORDER BY LastActivityMs DESC LIMIT 1
            """;
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$key", callerKey);
        command.Parameters.AddWithValue("$region", region);
        return await command.ExecuteScalarAsync(cancellationToken) is string id ? Guid.Parse(id) : null;
    }

    public async Task<IReadOnlyList<(Guid CaseId, string Region)>> CasesOfCaller(string callerKey, CancellationToken cancellationToken = default)
    {
        await using var connection = (SqliteConnection)await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT CaseId, Region FROM HotlineCaseIndex WHERE ServiceId = $service AND CallerKey = $key";
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$key", callerKey);
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
        await using var connection = (SqliteConnection)await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ListSql(query, command.Parameters);
        return await CasePageReader.ReadAsync(command, query.Limit, cancellationToken);
    }

    /// <summary>The listing query for <paramref name="query"/>; internal so a test can check its plan.</summary>
    internal string ListSql(CaseQuery query, SqliteParameterCollection parameters) =>
        CaseListSql.Build(query, serviceId,
            (name, value) =>
            {
                parameters.AddWithValue("$" + name, value);
                return "$" + name;
            },
            (column, name, values) => $" AND {column} IN ({InList("$" + name, values, parameters)})");

    public async Task<IReadOnlyList<DueFollowUp>> FollowUpsDue(DateTimeOffset now, DueFollowUp? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = (SqliteConnection)await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT CaseId, NextFollowUpMs FROM HotlineCaseIndex
            WHERE ServiceId = $service AND NextFollowUpMs <= $now AND (NextFollowUpMs, CaseId) > ($afterMs, $afterId)
            ORDER BY NextFollowUpMs, CaseId LIMIT $limit
            """;
        command.Parameters.AddWithValue("$service", serviceId);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$afterMs", after?.DueMs ?? long.MinValue);
        command.Parameters.AddWithValue("$afterId", after?.CaseId.ToString() ?? "");
        command.Parameters.AddWithValue("$limit", limit);
        var due = new List<DueFollowUp>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueFollowUp(Guid.Parse(reader.GetString(0)), reader.GetInt64(1)));
        }

        return due;
    }

    private static string InList(string prefix, IReadOnlyCollection<string> values, SqliteParameterCollection parameters)
    {
        var names = new List<string>(values.Count);
        foreach (var value in values)
        {
            var name = $"{prefix}{names.Count}";
            parameters.AddWithValue(name, value);
            names.Add(name);
        }

        return names.Count == 0 ? "NULL" : string.Join(", ", names);
    }
}
