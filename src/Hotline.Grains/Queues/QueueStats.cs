using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Queues;

/// <summary>A region's queue figures at one moment.</summary>
[GenerateSerializer, Immutable, Alias("hotline.QueueStats")]
public sealed record QueueStats(
    [Id(0)] string Region,
    [Id(1)] int[] WaitingByUrgency,
    [Id(2)] TimeSpan LongestWait,
    [Id(3)] int Offered,
    [Id(4)] ResponderCounts Responders,
    [Id(5)] DateTimeOffset At)
{
    public int Waiting => WaitingByUrgency.Sum();

    /// <summary>Counts the figures of a dispatcher at <paramref name="now"/>.</summary>
    public static QueueStats From(Dispatcher dispatcher, DateTimeOffset now)
    {
        var byUrgency = new int[(int)Urgency.ImminentDanger + 1];
        var longest = TimeSpan.Zero;
        var offered = 0;
        foreach (var entry in dispatcher.Queue.InOrder)
        {
            byUrgency[(int)entry.Contact.Urgency]++;
            var waited = now - entry.Contact.EnqueuedAt;
            longest = waited > longest ? waited : longest;
            offered += entry.IsOffered ? 1 : 0;
        }

        return new QueueStats(dispatcher.Region, byUrgency, longest, offered, ResponderCounts.From(dispatcher.Responders.Values), now);
    }
}

/// <summary>Responders of a region by what they can do right now.</summary>
[GenerateSerializer, Immutable, Alias("hotline.ResponderCounts")]
public sealed record ResponderCounts(
    [Id(0)] int Available,
    [Id(1)] int Busy,
    [Id(2)] int Break,
    [Id(3)] int Away,
    [Id(4)] int Offline,
    [Id(5)] int Disconnected)
{
    public static ResponderCounts From(IEnumerable<ResponderAvailability> responders)
    {
        int available = 0, busy = 0, onBreak = 0, away = 0, offline = 0, disconnected = 0;
        foreach (var r in responders)
        {
            switch (r.Presence)
            {
                case Presence.Available when !r.Connected:
                    disconnected++;
                    break;
                case Presence.Available when r.TotalLoad > 0 || r.PendingOfferContactId is not null:
                    busy++;
                    break;
                case Presence.Available:
                    available++;
                    break;
                case Presence.Break:
                    onBreak++;
                    break;
                case Presence.Away:
                    away++;
                    break;
                default:
                    offline++;
                    break;
            }
        }

        return new ResponderCounts(available, busy, onBreak, away, offline, disconnected);
    }
}
