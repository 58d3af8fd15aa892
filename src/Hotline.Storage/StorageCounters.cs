using System.Diagnostics.Metrics;

namespace Hotline.Storage;

/// <summary>
/// How many grain-state operations reached the database since start. Also published as the
/// <c>Hotline.Storage</c> meter (<c>hotline.storage.writes</c>, <c>.reads</c>, <c>.clears</c>) so
/// <c>dotnet-counters</c> can watch them.
/// </summary>
public sealed class StorageCounters
{
    public const string MeterName = "Hotline.Storage";

    private long _writes;
    private long _reads;
    private long _clears;

    public StorageCounters(IMeterFactory? meters = null)
    {
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        meter.CreateObservableCounter("hotline.storage.writes", () => Writes, description: "Grain state writes committed to the database");
        meter.CreateObservableCounter("hotline.storage.reads", () => Reads, description: "Grain state reads");
        meter.CreateObservableCounter("hotline.storage.clears", () => Clears, description: "Grain state clears committed to the database");
    }

    /// <summary>Durable writes (each one a commit).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Durable clears (each one a commit).</summary>
    public long Clears => Interlocked.Read(ref _clears);

    internal void CountWrite() => Interlocked.Increment(ref _writes);

    internal void CountRead() => Interlocked.Increment(ref _reads);

    internal void CountClear() => Interlocked.Increment(ref _clears);
}
