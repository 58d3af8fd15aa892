using Microsoft.Extensions.Logging;
using Npgsql;

using Hotline.Ports;

namespace Hotline.Storage;

/// <summary>
/// PostgreSQL keeps the earlier row versions of an updated record in the table's files until
/// VACUUM removes them, so an erasure is followed by a VACUUM of the storage table (and with
/// it, its TOAST table). VACUUM cannot run inside a transaction: it is sent alone, on a
/// connection of its own. A VACUUM that fails stays pending for the retention sweep to retry.
/// </summary>
public sealed partial class PostgresErasureScrub(NpgsqlDataSource dataSource, ILogger<PostgresErasureScrub> logger) : IErasureScrub, IDisposable
{
    // A VACUUM of a large table takes a while, and waits behind other maintenance of it; the
    // bound ends such a wait, and the scrub is then retried by the next sweep.
    private const int VacuumTimeoutSeconds = 600;

    private readonly SemaphoreSlim _one = new(1, 1);
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

        await _one.WaitAsync(cancellationToken);
        try
        {
            // Cleared before the VACUUM starts: an erasure committed while it runs may be
            // missed by it, and sets the flag again for the next one.
            if (!_pending)
            {
                return true;
            }

            _pending = false;
            try
            {
                await VacuumAsync(cancellationToken);
                return true;
            }
            catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException)
            {
                _pending = true;
                if (exception is OperationCanceledException)
                {
                    throw;
                }

                LogPending(logger, exception);
                return false;
            }
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();

    private async Task VacuumAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("VACUUM OrleansStorage", connection) { CommandTimeout = VacuumTimeoutSeconds };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vacuuming the storage table after an erasure failed; the retention sweep tries again")]
    private static partial void LogPending(ILogger logger, Exception exception);
}
