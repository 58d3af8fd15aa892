using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grpc.Core;
using Hotline.Api.V1;

namespace Hotline.Bench;

/// <summary>One kill as reported: seconds from the first kill's run start, restart and settle times.</summary>
public sealed record ChaosKillRow(int Silo, int Pid, double? RestartedAfterSeconds, double SettleSeconds, int Waiting, int NeverConnected);

/// <summary>What a chaos run measured; see <see cref="ChaosReport"/> for the definitions.</summary>
public sealed record ChaosResult(
    double EverySeconds,
    long Acknowledged,
    long Completed,
    long CompletedUnseen,
    long NotFound,
    long StillWaiting,
    long StuckConnected,
    long OtherState,
    long Doubled,
    long SetAway,
    long SetAwayByUnseenOffer,
    IReadOnlyList<ChaosKillRow> Kills,
    IReadOnlyList<LatencySummary> Latency)
{
    public long Lost => NotFound + StillWaiting + StuckConnected + OtherState;
}

/// <summary>
/// The chaos table. Lost: acknowledged, and after the drain neither completed nor found by
/// GetContact in a state it could still leave (not found, still waiting, connected to a
/// responder who never completed it). Doubled: accepted successfully by two responders.
/// Waiting at a kill: sent in the minute before it and not yet connected. Settle: from the kill
/// until the last contact waiting at it was connected (offered again and accepted); those never
/// connected are counted beside it. Contacts opened after the kill are in the latency rows.
/// </summary>
public static class ChaosReport
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(15);

    /// <summary>Reads every unfinished contact back, then sums up.</summary>
    public static async Task<ChaosResult> MeasureAsync(ChaosLedger ledger, IReadOnlyList<ChaosKill> kills, double everySeconds, RunCounters counters,
        CancellationToken abort)
    {
        var acknowledged = ledger.Acknowledged.ToList();
        var unfinished = acknowledged.Where(c => c.Value.CompletedAt == 0).ToList();
        var states = new System.Collections.Concurrent.ConcurrentBag<ContactStatus?>();
        await Parallel.ForEachAsync(unfinished, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = abort }, async (c, token) =>
        {
            try
            {
                var contact = await Retry.OnUnavailableAsync(deadline => c.Value.Operator!.Client.GetContactAsync(
                    new GetContactRequest { ContactId = c.Key.ToString() }, deadline: deadline, cancellationToken: token).ResponseAsync,
                    counters, "chaos_read", TimeSpan.FromSeconds(30), token);
                states.Add(contact.Status);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                states.Add(null);
            }
        });

        var times = acknowledged.Select(c => c.Value).ToList();
        var rows = kills.Select(k => Settle(k, times)).ToList();
        bool InWindow(long at) => kills.Any(k => at >= k.At && Stopwatch.GetElapsedTime(k.At, at) < Window);
        LatencySummary Row(string name, bool inWindow, Func<ChaosContact, long> end)
        {
            long[] sorted = [.. times.Where(c => end(c) != 0 && InWindow(c.FirstAttemptAt) == inWindow).Select(c => end(c) - c.FirstAttemptAt).Order()];
            return LatencySummary.FromSorted(name, sorted, 0);
        }

        return new ChaosResult(everySeconds, acknowledged.Count,
            times.Count(c => c.CompletedAt != 0), states.Count(s => s == ContactStatus.Completed), states.Count(s => s is null),
            states.Count(s => s is ContactStatus.Received or ContactStatus.Queued or ContactStatus.Offered), states.Count(s => s == ContactStatus.Connected),
            states.Count(s => s is ContactStatus.Abandoned or ContactStatus.Declined or ContactStatus.Unspecified),
            times.Count(c => c.AcceptedBy > 1), ledger.SetAway, ledger.SetAwayByUnseenOffer, rows,
            [
                Row("OpenContact, failover windows", true, c => c.AcknowledgedAt),
                Row("OpenContact, outside them", false, c => c.AcknowledgedAt),
                Row("intake→offer, failover windows", true, c => c.FirstOfferAt),
                Row("intake→offer, outside them", false, c => c.FirstOfferAt),
            ]);
    }

    public static string Text(ChaosResult r)
    {
        var s = new StringBuilder();
        s.AppendLine(Inv($"chaos: {r.Kills.Count} silos killed with SIGKILL, about every {r.EverySeconds:F0} s; a failover window is the {Window.TotalSeconds:F0} s after a kill"));
        s.AppendLine(Inv($"  {"kills",-40} {r.Kills.Count}"));
        s.AppendLine(Inv($"  {"contacts opened (acknowledged)",-40} {r.Acknowledged}"));
        s.AppendLine(Inv($"  {"completed",-40} {r.Completed} (and {r.CompletedUnseen} the hotline completed without a responder seeing it succeed)"));
        s.AppendLine(Inv($"  {"lost",-40} {r.Lost} (not found {r.NotFound}, still waiting {r.StillWaiting}, connected but never completed {r.StuckConnected}, other {r.OtherState})"));
        s.AppendLine(Inv($"  {"doubled (accepted by two responders)",-40} {r.Doubled}"));
        s.AppendLine(Inv($"  {"set away by an offer they never saw",-40} {r.SetAwayByUnseenOffer} (of {r.SetAway} set away after a missed offer)"));
        var settled = r.Kills.Select(k => k.SettleSeconds).Order().ToList();
        var settle = settled.Count == 0 ? "n/a" : Inv($"median {settled[(settled.Count - 1) / 2]:F1} s, max {settled[^1]:F1} s");
        s.AppendLine(Inv($"  {"settle per kill",-40} {settle} ({r.Kills.Sum(k => k.NeverConnected)} contacts waiting at a kill never connected, not in it)"));
        s.AppendLine(Inv($"  {"",-40} {"count",7} {"p50 ms",9} {"p99 ms",9} {"max ms",9}"));
        foreach (var row in r.Latency)
        {
            s.AppendLine(Inv($"  {row.Name,-40} {row.Count,7} {row.P50Ms,9:F1} {row.P99Ms,9:F1} {row.MaxMs,9:F1}"));
        }

        foreach (var (k, i) in r.Kills.Select((k, i) => (k, i + 1)))
        {
            var restarted = k.RestartedAfterSeconds is { } after ? Inv($"running again after {after:F1} s") : "not running again";
            s.AppendLine(Inv($"  kill {i}: silo {k.Silo} (pid {k.Pid}), {restarted}, settled in {k.SettleSeconds:F1} s, {k.Waiting} contacts waiting at it, {k.NeverConnected} never connected"));
        }

        s.AppendLine("  (lost: acknowledged and after the drain not completed, nor found in a state it could still leave; waiting at a kill: sent in the minute before it "
            + "and not yet connected; settle: from the kill until the last contact waiting at it was connected)");
        return s.ToString();
    }

    private static ChaosKillRow Settle(ChaosKill kill, List<ChaosContact> contacts)
    {
        var delayed = contacts.Where(c => c.FirstAttemptAt < kill.At && (c.ConnectedAt == 0 || c.ConnectedAt > kill.At)
            && c.FirstAttemptAt > kill.At - (long)(Stopwatch.Frequency * 60.0)).ToList();
        var connected = delayed.Where(c => c.ConnectedAt != 0).ToList();
        var settle = connected.Count == 0 ? 0 : Stopwatch.GetElapsedTime(kill.At, connected.Max(c => c.ConnectedAt)).TotalSeconds;
        return new ChaosKillRow(kill.Silo, kill.Pid, kill.RestartedAfterSeconds, Math.Max(settle, 0), delayed.Count, delayed.Count - connected.Count);
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
