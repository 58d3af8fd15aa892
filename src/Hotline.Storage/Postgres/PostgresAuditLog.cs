using System.Globalization;
using System.Runtime.CompilerServices;
using Hotline.Ports;
using Npgsql;
using NpgsqlTypes;

namespace Hotline.Audit;

/// <summary>
/// The audit in PostgreSQL (table HotlineAudit, whose trigger chains each line). Each append is
/// one insert on a pooled connection: the server commits concurrent appends together, so no
/// batching is done here.
/// </summary>
public sealed class PostgresAuditLog(NpgsqlDataSource dataSource, string serviceId) : IAuditLog
{
    private const string Insert = """
        INSERT INTO HotlineAudit (ServiceId, Chain, CaseId, ContactId, ResponderId, At, Actor, Role, Action)
        VALUES (@service, @chain, @case, @contact, @responder, @at, @actor, @role, @action)
        """;

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Insert);
        Bind(command.Parameters, AuditRow.Of(entry));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AppendAllAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }

        // One transaction, taking the chains' locks in one order, so two listings of the same
        // cases cannot each hold a lock the other waits for.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var row in entries.Select(AuditRow.Of).OrderBy(r => r.Chain, StringComparer.Ordinal))
        {
            var command = new NpgsqlBatchCommand(Insert);
            Bind(command.Parameters, row);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task AppendAsync(RegionAuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Insert);
        Bind(command.Parameters, AuditRow.Of(entry));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT ContactId, At, Actor, Role, Action FROM HotlineAudit
            WHERE ServiceId = @service AND Chain = @case ORDER BY Link
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("case", AuditChain.OfCase(caseId));
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(
                caseId,
                reader.IsDBNull(0) ? null : Guid.Parse(reader.GetString(0)),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4)));
        }

        return entries;
    }

    /// <summary>Every line of every service, or of one chain, in chain order, for <see cref="AuditChain.VerifyAsync"/>.</summary>
    public static async IAsyncEnumerable<AuditLine> LinesAsync(NpgsqlDataSource dataSource, string? chain,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT Seq, ServiceId, Chain, Link, CaseId, ContactId, ResponderId, At, Actor, Role, Action, Hash FROM HotlineAudit
            WHERE @chain::text IS NULL OR Chain = @chain ORDER BY ServiceId, Chain, Link
            """);
        command.Parameters.Add(new NpgsqlParameter("chain", NpgsqlDbType.Text) { Value = (object?)chain ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new AuditLine(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                Text(reader, 4), Text(reader, 5), Text(reader, 6), reader.GetString(7), reader.GetString(8), reader.GetString(9),
                reader.GetString(10), reader.GetString(11));
        }
    }

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private void Bind(NpgsqlParameterCollection parameters, AuditRow row)
    {
        parameters.AddWithValue("service", serviceId);
        parameters.AddWithValue("chain", row.Chain);
        parameters.Add(new NpgsqlParameter("case", NpgsqlDbType.Text) { Value = (object?)row.CaseId ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("contact", NpgsqlDbType.Text) { Value = (object?)row.ContactId ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("responder", NpgsqlDbType.Text) { Value = (object?)row.ResponderId ?? DBNull.Value });
        parameters.AddWithValue("at", row.At);
        parameters.AddWithValue("actor", row.Actor);
        parameters.AddWithValue("role", row.Role);
        parameters.AddWithValue("action", row.Action);
    }
}
