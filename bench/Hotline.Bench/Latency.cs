using System.Diagnostics;

namespace Hotline.Bench;

/// <summary>
/// The measured window: samples and counts are kept only for events that end inside it, so
/// warm-up and drain do not leak into the figures.
/// </summary>
public sealed class MeasuredWindow
{
    private long _start = long.MaxValue;
    private long _end = long.MaxValue;

    public long Start => Interlocked.Read(ref _start);

    public long End => Interlocked.Read(ref _end);

    public void Open(long timestamp) => Interlocked.Exchange(ref _start, timestamp);

    public void Close(long timestamp) => Interlocked.Exchange(ref _end, timestamp);

    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;

    /// <summary>Its length; zero if it never opened or has not closed.</summary>
    public double Seconds => Start == long.MaxValue || End == long.MaxValue ? 0 : Stopwatch.GetElapsedTime(Start, End).TotalSeconds;
}

/// <summary>Raw latency samples (Stopwatch ticks), one list per measured operation.</summary>
public sealed class LatencyRecorder(string name, MeasuredWindow? window = null, int capacity = 1 << 16)
{
    private readonly Lock _gate = new();
    private readonly List<long> _samples = new(capacity);

    public string Name => name;

    /// <summary>A second recorder (another phase's window) that sees every sample this one sees.</summary>
    public LatencyRecorder? Also { get; init; }

    /// <summary>Records <c>end - start</c> if the operation ended inside the window (always without one).</summary>
    public void Record(long start, long end)
    {
        Also?.Record(start, end);
        if (window is not null && !window.Contains(end))
        {
            return;
        }

        lock (_gate)
        {
            _samples.Add(end - start);
        }
    }

    /// <summary>Exact percentiles by sorting every sample.</summary>
    public LatencySummary Summarize(double seconds)
    {
        long[] sorted;
        lock (_gate)
        {
            sorted = [.. _samples];
        }

        Array.Sort(sorted);
        return LatencySummary.FromSorted(name, sorted, seconds);
    }
}

/// <summary>One row of the results; times in milliseconds.</summary>
public sealed record LatencySummary(string Name, long Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double PerSecond)
{
    public static LatencySummary FromSorted(string name, long[] sorted, double seconds)
    {
        var perSecond = seconds > 0 ? sorted.Length / seconds : 0;
        if (sorted.Length == 0)
        {
            return new LatencySummary(name, 0, double.NaN, double.NaN, double.NaN, double.NaN, perSecond);
        }

        return new LatencySummary(name, sorted.Length, Ms(Rank(sorted, 0.50)), Ms(Rank(sorted, 0.90)), Ms(Rank(sorted, 0.99)), Ms(sorted[^1]), perSecond);
    }

    /// <summary>Nearest rank: the smallest sample with at least <paramref name="p"/> of all at or below it.</summary>
    private static long Rank(long[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
