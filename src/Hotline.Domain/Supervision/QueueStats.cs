using Hotline.Domain;
using Hotline.Routing;
using Hotline.Supervision;

namespace Hotline.Supervision;

/// <summary>A region's queue figures at one moment, with the day's counters so far.</summary>
[GenerateSerializer, Immutable, Alias("hotline.QueueStats")]
public sealed record QueueStats(
    [Id(0)] string Region,
    [Id(1)] int[] WaitingByUrgency,
    [Id(2)] TimeSpan LongestWait,
    [Id(3)] int Offered,
    [Id(4)] ResponderCounts Responders,
    [Id(5)] DateTimeOffset At,
    [Id(6)] DateTimeOffset? OldestWaitingSince = null,
    [Id(7)] QueueDay? Today = null,
    [Id(8)] int Connected = 0,
    [Id(9)] int Aged = 0,
    [Id(10)] int Relaxed = 0,
    [Id(11)] SurgeDiversion? Surge = null,
    [Id(12)] HoursState? Hours = null,
    [Id(13)] int CallBacksWaiting = 0)
{
    public int Waiting => WaitingByUrgency.Sum();

    /// <summary>Counts the figures of a dispatcher at <paramref name="now"/>.</summary>
    public static QueueStats From(Dispatcher dispatcher, DateTimeOffset now, QueueDay today)
    {
        var byUrgency = new int[(int)Urgency.ImminentDanger + 1];
        DateTimeOffset? oldest = null;
        int offered = 0, aged = 0, relaxed = 0;
        foreach (var entry in dispatcher.Queue.InOrder)
        {
            // By the urgency each counts as now, as the dispatcher orders them.
            byUrgency[(int)entry.Urgency]++;
            aged += entry.Aged ? 1 : 0;
            relaxed += entry.Relaxed ? 1 : 0;
            var since = entry.Contact.EnqueuedAt;
            oldest = oldest is null || since < oldest ? since : oldest;
            offered += entry.IsOffered ? 1 : 0;
        }

        var connected = 0;
        foreach (var r in dispatcher.Responders.Values)
        {
            connected += r.TotalLoad;
        }

        var longest = oldest is { } o && now > o ? now - o : TimeSpan.Zero;
        return new QueueStats(dispatcher.Region, byUrgency, longest, offered, ResponderCounts.From(dispatcher.Responders.Values), now, oldest,
            today.Copy(), connected, aged, relaxed, dispatcher.Surge.Current, dispatcher.Hours.StateAt(now), dispatcher.CallBacks(now).Waiting);
    }

    /// <summary>Several regions added together (the national row; its region is empty).</summary>
    public static QueueStats National(IReadOnlyCollection<QueueStats> regions, DateTimeOffset now)
    {
        var byUrgency = new int[(int)Urgency.ImminentDanger + 1];
        DateTimeOffset? oldest = null;
        int offered = 0, connected = 0, aged = 0, relaxed = 0, available = 0, busy = 0, onBreak = 0, away = 0, offline = 0, disconnected = 0, wrapUp = 0, callBacks = 0;
        foreach (var r in regions)
        {
            for (var i = 0; i < byUrgency.Length; i++)
            {
                byUrgency[i] += r.WaitingByUrgency[i];
            }

            oldest = r.OldestWaitingSince is { } o && (oldest is null || o < oldest) ? o : oldest;
            offered += r.Offered;
            connected += r.Connected;
            (aged, relaxed) = (aged + r.Aged, relaxed + r.Relaxed);
            callBacks += r.CallBacksWaiting;
            (available, busy, onBreak) = (available + r.Responders.Available, busy + r.Responders.Busy, onBreak + r.Responders.Break);
            (away, offline, disconnected) = (away + r.Responders.Away, offline + r.Responders.Offline, disconnected + r.Responders.Disconnected);
            wrapUp += r.Responders.WrapUp;
        }

        var today = QueueDay.Sum(regions.Select(r => r.Today).OfType<QueueDay>());
        var longest = oldest is { } first && now > first ? now - first : TimeSpan.Zero;
        return new QueueStats("", byUrgency, longest, offered, new ResponderCounts(available, busy, onBreak, away, offline, disconnected, wrapUp), now,
            oldest, today, connected, aged, relaxed, CallBacksWaiting: callBacks);
    }

    /// <summary>True when everything but the time of reading is the same (what decides whether to push an update).</summary>
    public bool SameFigures(QueueStats other) =>
        Region == other.Region && WaitingByUrgency.AsSpan().SequenceEqual(other.WaitingByUrgency) && Offered == other.Offered
        && Connected == other.Connected && Aged == other.Aged && Relaxed == other.Relaxed && SameSurge(Surge, other.Surge)
        && Responders == other.Responders && OldestWaitingSince == other.OldestWaitingSince && SameDay(Today, other.Today)
        && CallBacksWaiting == other.CallBacksWaiting && (Hours ?? HoursState.Open).Same(other.Hours ?? HoursState.Open);

    private static bool SameSurge(SurgeDiversion? a, SurgeDiversion? b) =>
        a is null || b is null ? a is null && b is null : a.Region == b.Region && a.Since == b.Since && a.ResponderIds.AsSpan().SequenceEqual(b.ResponderIds);

    private static bool SameDay(QueueDay? a, QueueDay? b) =>
        a is null || b is null
            ? a is null && b is null
            : a.Day == b.Day && a.Entered == b.Entered && a.Answered == b.Answered && a.AnsweredWithinThreshold == b.AnsweredWithinThreshold
              && a.TotalAnswerWaitMs == b.TotalAnswerWaitMs && a.Abandoned == b.Abandoned && a.EscalatedIn == b.EscalatedIn
              && a.EscalatedOut == b.EscalatedOut && a.MissedOffers == b.MissedOffers && a.Declined == b.Declined
              && a.WrapUps == b.WrapUps && a.TotalAfterContactMs == b.TotalAfterContactMs
              && a.CallBacksRequested == b.CallBacksRequested && a.CallBacksUnreached == b.CallBacksUnreached;
}

/// <summary>Responders of a region by what they can do right now.</summary>
[GenerateSerializer, Immutable, Alias("hotline.ResponderCounts")]
public sealed record ResponderCounts(
    [Id(0)] int Available,
    [Id(1)] int Busy,
    [Id(2)] int Break,
    [Id(3)] int Away,
    [Id(4)] int Offline,
    [Id(5)] int Disconnected,
    [Id(6)] int WrapUp = 0)
{
    public static ResponderCounts From(IEnumerable<ResponderAvailability> responders)
    {
        var counts = new int[(int)RosterStatus.WrapUp + 1];
        foreach (var r in responders)
        {
            counts[(int)r.StatusOf()]++;
        }

        return new ResponderCounts(counts[(int)RosterStatus.Available], counts[(int)RosterStatus.Busy], counts[(int)RosterStatus.Break],
            counts[(int)RosterStatus.Away], counts[(int)RosterStatus.Offline], counts[(int)RosterStatus.Disconnected], counts[(int)RosterStatus.WrapUp]);
    }
}
