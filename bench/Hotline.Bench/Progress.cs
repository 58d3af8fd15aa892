using System.Diagnostics;

namespace Hotline.Bench;

/// <summary>A status line on stderr once a second while a phase runs.</summary>
public static class Progress
{
    public static async Task ReportAsync(Func<string> phase, ContactTracker tracker, RunCounters counters, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var start = Stopwatch.GetTimestamp();
        var lastCompleted = tracker.Completed;
        var lastAt = start;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = Stopwatch.GetTimestamp();
                var completed = tracker.Completed;
                var rate = (completed - lastCompleted) / Stopwatch.GetElapsedTime(lastAt, now).TotalSeconds;
                (lastCompleted, lastAt) = (completed, now);
                var errors = counters.Snapshot().Where(c => IsError(c.Key)).Sum(c => c.Value);
                Console.Error.WriteLine(
                    $"[{phase(),-8}] {Stopwatch.GetElapsedTime(start, now).TotalSeconds,5:F0}s  lifecycles {completed,7}  rate {rate,7:F0}/s  " +
                    $"waiting {tracker.Waiting,5}  in flight {tracker.InFlight,5}  errors {errors}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Counters that mean something went wrong, as opposed to ordinary events of routing.</summary>
    public static bool IsError(string counter) =>
        counter.Contains("failed", StringComparison.Ordinal) || counter.Contains("broken", StringComparison.Ordinal)
        || counter.Contains("timeout", StringComparison.Ordinal) || counter.Contains("mismatch", StringComparison.Ordinal)
        || counter.Contains("bad_", StringComparison.Ordinal) || counter.Contains("ended_by_server", StringComparison.Ordinal);
}
