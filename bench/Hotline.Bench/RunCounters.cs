using System.Collections.Concurrent;

namespace Hotline.Bench;

/// <summary>Named event and error counts of a run (accept refused, stream broken, ...).</summary>
public sealed class RunCounters
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string name, long by = 1) => _counts.AddOrUpdate(name, by, (_, n) => n + by);

    public long this[string name] => _counts.TryGetValue(name, out var n) ? n : 0;

    public SortedDictionary<string, long> Snapshot() => new(_counts, StringComparer.Ordinal);
}
