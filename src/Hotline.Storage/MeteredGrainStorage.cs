using System.Data.Common;
using Orleans.Storage;

namespace Hotline.Storage;

/// <summary>
/// The grain storage every hotline grain uses: the ADO.NET provider underneath, with each
/// operation counted, and commits passed through the <paramref name="gate"/> when the
/// database wants one writer at a time (SQLite). A database failure leaves the silo as a
/// <see cref="StorageUnavailableException"/>: the driver's own exception types cannot cross to
/// a gateway, and their messages may quote what was being written.
/// </summary>
public sealed class MeteredGrainStorage(IGrainStorage inner, StorageCounters counters, WriteGate? gate) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await Translated(() => inner.ReadStateAsync(stateName, grainId, grainState));
        counters.CountRead();
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await Translated(() => WithGateAsync(() => inner.WriteStateAsync(stateName, grainId, grainState)));
        counters.CountWrite();
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await Translated(() => WithGateAsync(() => inner.ClearStateAsync(stateName, grainId, grainState)));
        counters.CountClear();
    }

    private Task WithGateAsync(Func<Task> write) => gate is null ? write() : gate.RunAsync(write);

    private static async Task Translated(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (Exception exception) when (StorageUnavailableException.Translate(exception) is { } unavailable)
        {
            throw unavailable;
        }
    }
}

/// <summary>
/// The database failed or refused an operation (out of connections, unreachable, a timeout):
/// an Orleans exception, so it reaches a gateway (as UNAVAILABLE: the call may or may not have
/// taken effect), carrying the database's error code and nothing of the data.
/// </summary>
[GenerateSerializer]
public sealed class StorageUnavailableException : OrleansException
{
    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>A driver's failure as this exception; null for anything else (Orleans' own, such as a stale write's).</summary>
    public static StorageUnavailableException? Translate(Exception exception) =>
        (exception as DbException ?? exception.InnerException as DbException) is { } database
            ? new StorageUnavailableException($"the database failed the operation (SQLSTATE {database.SqlState ?? "unknown"})")
            : null;
}
