using System.Globalization;
using System.Threading.Channels;
using Hotline.Ports;
using Hotline.Storage;
using Microsoft.Data.Sqlite;

namespace Hotline.Audit;

/// <summary>
/// The audit in the embedded SQLite file (table HotlineAudit). Appends wait for their commit;
/// those that arrive while one commit is under way go together in the next (group commit),
/// so a busy hotline pays one commit for many lines.
/// </summary>
public sealed class SqliteAuditLog : IAuditLog, IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly HotlineSqliteDataSource _database;
    private readonly string _serviceId;
    private readonly WriteGate _gate;
    private readonly Channel<(AuditEntry Entry, TaskCompletionSource Committed)> _pending =
        Channel.CreateUnbounded<(AuditEntry, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SqliteAuditLog(HotlineSqliteDataSource database, string serviceId, WriteGate gate)
    {
        (_database, _serviceId, _gate) = (database, serviceId, gate);
        _writer = Task.Run(WriteAsync);
    }

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite((entry, committed)))
        {
            committed.SetException(new ObjectDisposedException(nameof(SqliteAuditLog)));
        }

        return committed.Task.WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = (SqliteConnection)await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ContactId, At, Actor, Role, Action FROM HotlineAudit
            WHERE ServiceId = $service AND CaseId = $case ORDER BY Seq
            """;
        command.Parameters.AddWithValue("$service", _serviceId);
        command.Parameters.AddWithValue("$case", caseId.ToString());
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

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteAsync()
    {
        var batch = new List<(AuditEntry Entry, TaskCompletionSource Committed)>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await _gate.RunAsync(() => InsertAsync(batch));
                batch.ForEach(b => b.Committed.SetResult());
            }
            catch (Exception exception)
            {
                // Not committed: every caller in the batch hears so and hands out nothing.
                batch.ForEach(b => b.Committed.SetException(exception));
            }

            batch.Clear();
        }
    }

    private async Task InsertAsync(List<(AuditEntry Entry, TaskCompletionSource Committed)> batch)
    {
        await using var connection = (SqliteConnection)await _database.OpenConnectionAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO HotlineAudit (ServiceId, CaseId, ContactId, At, Actor, Role, Action)
            VALUES ($service, $case, $contact, $at, $actor, $role, $action)
            """;
        var service = command.Parameters.Add("$service", SqliteType.Text);
        var caseId = command.Parameters.Add("$case", SqliteType.Text);
        var contact = command.Parameters.Add("$contact", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Text);
        var actor = command.Parameters.Add("$actor", SqliteType.Text);
        var role = command.Parameters.Add("$role", SqliteType.Text);
        var action = command.Parameters.Add("$action", SqliteType.Text);
        service.Value = _serviceId;
        foreach (var (entry, _) in batch)
        {
            caseId.Value = entry.CaseId.ToString();
            contact.Value = (object?)entry.ContactId?.ToString() ?? DBNull.Value;
            at.Value = entry.At.ToString("O", CultureInfo.InvariantCulture);
            actor.Value = entry.Actor;
            role.Value = entry.Role;
            action.Value = entry.Action;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
