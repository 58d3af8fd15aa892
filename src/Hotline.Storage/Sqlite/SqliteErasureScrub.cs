using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

using Hotline.Ports;

namespace Hotline.Storage;

/// <summary>
/// SQLite keeps earlier page versions in its write-ahead log until a checkpoint copies the
/// newest into the file; a truncating checkpoint then empties the log. With secure_delete
/// on (see <see cref="HotlineSqliteConnection"/>) the file itself keeps no freed content. A
/// reader holding an old snapshot makes the checkpoint stop short: it is retried for a few
/// seconds, and if readers still hold it, left pending for the retention sweep to finish.
/// </summary>
public sealed partial class SqliteErasureScrub(HotlineSqliteDataSource database, WriteGate gate, ILogger<SqliteErasureScrub> logger) : IErasureScrub
{
    private const int Attempts = 60;
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(50);
    private volatile bool _pending;

    public async Task<bool> AfterErasureAsync(CancellationToken cancellationToken = default)
    {
        _pending = true;
        return await RetryPendingAsync(cancellationToken);
    }

    public async Task<bool> RetryPendingAsync(CancellationToken cancellationToken = default)
    {
        if (!_pending)
        {
            return true;
        }

        // About three seconds of retries; a reader's snapshot lasts one query.
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (await gate.RunAsync(() => CheckpointAsync(cancellationToken)))
            {
                _pending = false;
                return true;
            }

            await Task.Delay(RetryEvery, cancellationToken);
        }

        LogPending(logger);
        return false;
    }

    /// <summary>True when the whole log was copied into the file and the log emptied.</summary>
    private async Task<bool> CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == 0 && reader.GetInt64(1) == reader.GetInt64(2);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readers kept the database log from being emptied after an erasure; the retention sweep tries again")]
    private static partial void LogPending(ILogger logger);
}
