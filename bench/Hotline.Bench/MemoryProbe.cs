using System.Diagnostics;
using Grpc.Core;
using Hotline.Api.V1;

namespace Hotline.Bench;

/// <summary>What the memory phase found. Null figures were not measured.</summary>
public sealed record MemoryResult(
    int ExtraResponders,
    double? BytesPerResponder,
    int WaitingContacts,
    double? BytesPerWaitingContact,
    int WaitingSeenBySupervisor,
    LatencySummary? OpenIntoWaiting,
    LatencySummary? Abandon,
    int? WaitingAfterAbandon);

/// <summary>
/// Heap growth per connected responder and per waiting contact, embedded mode only: the
/// hotline and this driver share the process, so the responder figure includes the client's
/// share (its call, stream and simulator).
/// </summary>
public sealed class MemoryProbe(
    IntakeService.IntakeServiceClient intake,
    SupervisorService.SupervisorServiceClient supervisor,
    Workload workload,
    RunCounters counters)
{
    private const int Parallelism = 64;

    /// <summary>Runs both measurements; the extra responders stay connected until <paramref name="extra"/> is disposed.</summary>
    public async Task<MemoryResult> MeasureAsync(SimulatedResponders extra, int firstIndex, int responderCount, int contactCount, bool abandon,
        CancellationToken cancellationToken)
    {
        double? perResponder = null;
        if (responderCount > 0)
        {
            var before = Heap();
            await extra.ConnectAsync(Enumerable.Range(firstIndex, responderCount).Select(workload.Profile), cancellationToken);
            perResponder = (double)(Heap() - before) / responderCount;
        }

        if (contactCount == 0)
        {
            return new MemoryResult(responderCount, perResponder, 0, null, 0, null, null, null);
        }

        // Nobody speaks this language, so every contact waits in its region's queue.
        var opened = new LatencyRecorder("OpenContact (into waiting queues)", capacity: contactCount);
        var ids = new string[contactCount];
        var heapBefore = Heap();
        var openSeconds = await ForEachAsync(contactCount, async (i, token) =>
        {
            var shape = workload.NextShape() with { Language = workload.UnspokenLanguage, Skills = [] };
            var request = Workload.Request(workload.NextRequestId(), shape, Urgency.Low);
            var start = Stopwatch.GetTimestamp();
            ids[i] = (await intake.OpenContactAsync(request, deadline: Deadline(), cancellationToken: token)).ContactId;
            opened.Record(start, Stopwatch.GetTimestamp());
        }, "open_waiting", cancellationToken);
        var perContact = (double)(Heap() - heapBefore) / contactCount;
        var waiting = await WaitingAsync(cancellationToken);
        if (!abandon)
        {
            return new MemoryResult(responderCount, perResponder, contactCount, perContact, waiting, opened.Summarize(openSeconds), null, null);
        }

        var abandoned = new LatencyRecorder("AbandonContact", capacity: contactCount);
        var abandonSeconds = await ForEachAsync(contactCount, async (i, token) =>
        {
            if (ids[i] is { } id)
            {
                var start = Stopwatch.GetTimestamp();
                await intake.AbandonContactAsync(new AbandonContactRequest { ContactId = id }, deadline: Deadline(), cancellationToken: token);
                abandoned.Record(start, Stopwatch.GetTimestamp());
            }
        }, "abandon_waiting", cancellationToken);

        return new MemoryResult(responderCount, perResponder, contactCount, perContact, waiting,
            opened.Summarize(openSeconds), abandoned.Summarize(abandonSeconds), await WaitingAsync(cancellationToken));
    }

    private async Task<double> ForEachAsync(int count, Func<int, CancellationToken, Task> body, string what, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                try
                {
                    await body(i, token);
                }
                catch (RpcException e) when (!token.IsCancellationRequested)
                {
                    counters.Add($"{what}_failed_{e.StatusCode}");
                }
            });
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private async Task<int> WaitingAsync(CancellationToken cancellationToken)
    {
        var stats = await supervisor.GetQueueStatsAsync(new GetQueueStatsRequest(), deadline: Deadline(), cancellationToken: cancellationToken);
        return stats.Regions.Sum(r => r.Waiting);
    }

    private static long Heap() => GC.GetTotalMemory(forceFullCollection: true);

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);
}
