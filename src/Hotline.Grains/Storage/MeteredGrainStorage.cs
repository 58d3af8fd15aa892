using Orleans.Storage;

namespace Hotline.Storage;

/// <summary>
/// The grain storage every hotline grain uses: the ADO.NET provider underneath, with each
/// operation counted. With <paramref name="singleWriter"/> (SQLite) commits are handed to
/// the database one at a time, so writers queue here in order instead of meeting SQLite's
/// lock and its sleep-and-retry busy handling.
/// </summary>
public sealed class MeteredGrainStorage(IGrainStorage inner, StorageCounters counters, bool singleWriter) : IGrainStorage
{
    private readonly SemaphoreSlim? _writer = singleWriter ? new SemaphoreSlim(1, 1) : null;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.ReadStateAsync(stateName, grainId, grainState);
        counters.CountRead();
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await WithWriterAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));
        counters.CountWrite();
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await WithWriterAsync(() => inner.ClearStateAsync(stateName, grainId, grainState));
        counters.CountClear();
    }

    private async Task WithWriterAsync(Func<Task> write)
    {
        if (_writer is null)
        {
            await write();
            return;
        }

        await _writer.WaitAsync();
        try
        {
            await write();
        }
        finally
        {
            _writer.Release();
        }
    }
}
