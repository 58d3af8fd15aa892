using Orleans.Storage;

namespace Hotline.Storage;

/// <summary>
/// The grain storage every hotline grain uses: the ADO.NET provider underneath, with each
/// operation counted, and commits passed through the <paramref name="gate"/> when the
/// database wants one writer at a time (SQLite).
/// </summary>
public sealed class MeteredGrainStorage(IGrainStorage inner, StorageCounters counters, WriteGate? gate) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.ReadStateAsync(stateName, grainId, grainState);
        counters.CountRead();
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await WithGateAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));
        counters.CountWrite();
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await WithGateAsync(() => inner.ClearStateAsync(stateName, grainId, grainState));
        counters.CountClear();
    }

    private Task WithGateAsync(Func<Task> write) => gate is null ? write() : gate.RunAsync(write);
}
