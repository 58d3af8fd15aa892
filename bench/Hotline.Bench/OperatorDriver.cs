using System.Diagnostics;
using Grpc.Core;

namespace Hotline.Bench;

/// <summary>
/// Operators opening contacts, closed loop (each waits for its contact to be completed before
/// the next) or open loop (a fixed rate, whatever the hotline does, taken in turn by the
/// operators). Both stop opening when told and then wait for what is in flight.
/// </summary>
public sealed class OperatorDriver(
    IReadOnlyList<BenchOperator> operators,
    Workload workload,
    ContactTracker tracker,
    LatencyRecorder openContact,
    LatencyRecorder lifecycle,
    RunCounters counters,
    TimeSpan lifecycleTimeout,
    ChaosLedger? ledger = null)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Each operator loops: open, wait for completion, open again.</summary>
    public Task RunClosedLoopAsync(CancellationToken stopOpening, CancellationToken abort) =>
        Task.WhenAll(operators.Select(op => Task.Run(async () =>
        {
            while (!stopOpening.IsCancellationRequested && !abort.IsCancellationRequested)
            {
                await OneContactAsync(op, abort);
            }
        }, CancellationToken.None)));

    /// <summary>Opens <paramref name="perSecond"/> contacts a second on schedule, late ones at once.</summary>
    public async Task RunOpenLoopAsync(double perSecond, CancellationToken stopOpening, CancellationToken abort)
    {
        var inFlight = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        long sent = 0;
        while (!stopOpening.IsCancellationRequested && !abort.IsCancellationRequested)
        {
            var due = TimeSpan.FromSeconds(sent / perSecond);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                try
                {
                    await Task.Delay(wait, stopOpening);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var op = operators[(int)(sent % operators.Count)];
            inFlight.Add(Task.Run(() => OneContactAsync(op, abort), CancellationToken.None));
            sent++;
        }

        await Task.WhenAll(inFlight);
    }

    private async Task OneContactAsync(BenchOperator op, CancellationToken abort)
    {
        var request = Workload.Request(workload.NextRequestId(), workload.NextShape());
        var opening = tracker.Begin();
        Guid contactId;
        ContactFlight flight;
        try
        {
            // Across a failover the same request (same request id) is sent again: the hotline
            // answers a repeat with the contact it already took.
            var contact = await Retry.OnUnavailableAsync(deadline => op.Client.OpenContactAsync(request, deadline: deadline, cancellationToken: abort).ResponseAsync,
                counters, "open", CallTimeout, abort);
            openContact.Record(opening.OpenedAt, Stopwatch.GetTimestamp());
            if (!Guid.TryParse(contact.ContactId, out contactId))
            {
                counters.Add("open_answered_bad_contact_id");
                tracker.Abandon();
                return;
            }

            ledger?.Acknowledge(contactId, op, opening.OpenedAt);
            flight = tracker.Claim(opening, contactId);
            if (flight.WasOffered)
            {
                counters.Add("offer_seen_before_open_reply");
            }
        }
        catch (RpcException e)
        {
            tracker.Abandon();
            if (!abort.IsCancellationRequested)
            {
                counters.Add($"open_failed_{e.StatusCode}");
            }

            return;
        }

        try
        {
            var completedAt = await flight.Completed.Task.WaitAsync(lifecycleTimeout, abort);
            lifecycle.Record(opening.OpenedAt, completedAt);
            tracker.Finish(contactId, completedAt);
        }
        catch (TimeoutException)
        {
            counters.Add("lifecycle_timeout");
            tracker.Forget(contactId);
        }
        catch (OperationCanceledException)
        {
            tracker.Forget(contactId);
        }
    }
}
