using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Hotline.Ports;
using Hotline.Storage;
using Microsoft.Data.Sqlite;

namespace Hotline.Audit;

/// <summary>
/// The audit in the embedded SQLite file (table HotlineAudit, written through the view
/// HotlineAuditAppend, which chains each line). Appends wait for their commit; those that
/// arrive while one commit is under way go together in the next (group commit), so a busy
/// hotline pays one commit for many lines.
/// </summary>
public sealed class SqliteAuditLog : IAuditLog, IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly HotlineSqliteDataSource _database;
    private readonly string _serviceId;
    private readonly WriteGate _gate;
    private readonly Channel<(AuditRow Row, TaskCompletionSource Committed)> _pending =
        Channel.CreateUnbounded<(AuditRow, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SqliteAuditLog(HotlineSqliteDataSource database, string serviceId, WriteGate gate)
    {
        (_database, _serviceId, _gate) = (database, serviceId, gate);
        _writer = Task.Run(WriteAsync);
    }

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        AppendAsync(AuditRow.Of(entry), cancellationToken);

    public Task AppendAllAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        Task.WhenAll(entries.Select(e => AppendAsync(AuditRow.Of(e), cancellationToken)));

    public Task AppendAsync(RegionAuditEntry entry, CancellationToken cancellationToken = default) =>
        AppendAsync(AuditRow.Of(entry), cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = (SqliteConnection)await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ContactId, At, Actor, Role, Action FROM HotlineAudit
            WHERE ServiceId = $service AND Chain = $case ORDER BY Link
            """;
        command.Parameters.AddWithValue("$service", _serviceId);
        command.Parameters.AddWithValue("$case", AuditChain.OfCase(caseId));
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
    public static async IAsyncEnumerable<AuditLine> LinesAsync(HotlineSqliteDataSource database, string? chain,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = (SqliteConnection)await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT Seq, ServiceId, Chain, Link, CaseId, ContactId, ResponderId, At, Actor, Role, Action, Hash FROM HotlineAudit
            WHERE $chain IS NULL OR Chain = $chain ORDER BY ServiceId, Chain, Link
            """;
        command.Parameters.AddWithValue("$chain", (object?)chain ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new AuditLine(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                Text(reader, 4), Text(reader, 5), Text(reader, 6), reader.GetString(7), reader.GetString(8), reader.GetString(9),
                reader.GetString(10), reader.GetString(11));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
    }

    private static string? Text(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private Task AppendAsync(AuditRow row, CancellationToken cancellationToken)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite((row, committed)))
        {
            committed.SetException(new ObjectDisposedException(nameof(SqliteAuditLog)));
        }

        return committed.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        var batch = new List<(AuditRow Row, TaskCompletionSource Committed)>(MaxBatch);
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

    private async Task InsertAsync(List<(AuditRow Row, TaskCompletionSource Committed)> batch)
    {
        await using var connection = (SqliteConnection)await _database.OpenConnectionAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO HotlineAuditAppend (ServiceId, Chain, CaseId, ContactId, ResponderId, At, Actor, Role, Action)
            VALUES ($service, $chain, $case, $contact, $responder, $at, $actor, $role, $action)
            """;
        var service = command.Parameters.Add("$service", SqliteType.Text);
        var chain = command.Parameters.Add("$chain", SqliteType.Text);
        var caseId = command.Parameters.Add("$case", SqliteType.Text);
        var contact = command.Parameters.Add("$contact", SqliteType.Text);
        var responder = command.Parameters.Add("$responder", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Text);
        var actor = command.Parameters.Add("$actor", SqliteType.Text);
        var role = command.Parameters.Add("$role", SqliteType.Text);
        var action = command.Parameters.Add("$action", SqliteType.Text);
        service.Value = _serviceId;
        foreach (var (row, _) in batch)
        {
            chain.Value = row.Chain;
            caseId.Value = (object?)row.CaseId ?? DBNull.Value;
            contact.Value = (object?)row.ContactId ?? DBNull.Value;
            responder.Value = (object?)row.ResponderId ?? DBNull.Value;
            at.Value = row.At;
            actor.Value = row.Actor;
            role.Value = row.Role;
            action.Value = row.Action;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
