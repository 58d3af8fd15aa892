using System.Globalization;
using Hotline.Ports;
using Hotline.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Hotline.Audit;

/// <summary>
/// The audit in PostgreSQL (table HotlineAudit). Each append is one insert on a pooled
/// connection: the server commits concurrent appends together, so no batching is done here.
/// </summary>
public sealed class PostgresAuditLog(NpgsqlDataSource dataSource, string serviceId) : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO HotlineAudit (ServiceId, CaseId, ContactId, At, Actor, Role, Action)
            VALUES (@service, @case, @contact, @at, @actor, @role, @action)
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("case", entry.CaseId.ToString());
        command.Parameters.Add(new NpgsqlParameter("contact", NpgsqlDbType.Text) { Value = (object?)entry.ContactId?.ToString() ?? DBNull.Value });
        command.Parameters.AddWithValue("at", entry.At.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("actor", entry.Actor);
        command.Parameters.AddWithValue("role", entry.Role);
        command.Parameters.AddWithValue("action", entry.Action);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT ContactId, At, Actor, Role, Action FROM HotlineAudit
            WHERE ServiceId = @service AND CaseId = @case ORDER BY Seq
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("case", caseId.ToString());
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
}
