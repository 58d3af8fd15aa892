using System.Runtime.CompilerServices;

namespace Hotline.Responders;

/// <summary>
/// A responder's live line, run in its grain's turns: the numbered events, the streams reading
/// them, and the grace period after the last stream drops, during which the responder still
/// counts as connected so a reconnect resumes where it was.
/// </summary>
internal sealed class ResponderConnection(IGrainBase grain, TimeProvider clock, long firstSequence, int readerBacklog)
{
    private readonly EventFeed _feed = new(firstSequence, readerBacklog);
    private DateTimeOffset? _graceUntil;
    private IGrainTimer? _graceTimer;

    /// <summary>A stream is open, or a dropped one's grace period runs.</summary>
    public bool Connected => _feed.SubscriberCount > 0 || _graceUntil is not null;

    public int Streams => _feed.SubscriberCount;

    public long LastSequence => _feed.LastSequence;

    public void Publish(Func<long, ResponderEvent> create) => _feed.Publish(create);

    /// <summary>
    /// Streams the events after <paramref name="afterSequence"/>: the buffered ones, or
    /// <paramref name="standing"/>'s fresh State event when they cannot all be replayed, then
    /// the live ones, or a fresh State event in place of those a slow reader fell too far behind
    /// on (see <see cref="Domain.StreamBacklog{T}"/>). <paramref name="opened"/> runs once the stream counts, before the first
    /// event; <paramref name="closed"/> when it ends, with the number still open.
    /// </summary>
    public async IAsyncEnumerable<ResponderEvent> Stream(
        long afterSequence,
        Func<long, ResponderEvent> standing,
        Func<int, Task> opened,
        Func<int, Task> closed,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (live, replay) = _feed.Subscribe(afterSequence);
        EndGrace();

        // Taken before any await: events published from here on reach the live channel with
        // higher numbers, so nothing is sent twice and numbers never go backwards.
        var first = replay is null ? standing(_feed.LastSequence) : null;
        try
        {
            await opened(_feed.SubscriberCount);
            foreach (var e in first is null ? replay! : [first])
            {
                yield return e;
            }

            // A reader that fell behind is sent where things stand now instead of what it missed.
            IReadOnlyList<ResponderEvent> StandNow() => [standing(_feed.LastSequence)];
            while (await live.WaitToReadAsync(cancellationToken))
            {
                while (live.TryRead(StandNow, out var e))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            _feed.Unsubscribe(live);
            await closed(_feed.SubscriberCount);
        }
    }

    /// <summary>Ends every open stream now with <paramref name="reason"/>, and any grace period.</summary>
    public void EndStreams(Exception reason)
    {
        _feed.EndAll(reason);
        EndGrace();
    }

    /// <summary>
    /// The last stream closed: <paramref name="disconnect"/> runs when the grace period passes
    /// with no stream open again, or now when there is no grace.
    /// </summary>
    public Task StartGraceAsync(TimeSpan grace, Func<Task> disconnect)
    {
        if (grace <= TimeSpan.Zero)
        {
            return disconnect();
        }

        _graceUntil = clock.GetUtcNow() + grace;
        var check = grace < TimeSpan.FromSeconds(1) ? grace : TimeSpan.FromSeconds(1);
        _graceTimer?.Dispose();
        _graceTimer = grain.RegisterGrainTimer(async _ =>
        {
            if (_graceUntil is { } until && clock.GetUtcNow() >= until && _feed.SubscriberCount == 0)
            {
                EndGrace();
                await disconnect();
            }
        }, new GrainTimerCreationOptions(check, check) { Interleave = false });
        return Task.CompletedTask;
    }

    private void EndGrace()
    {
        _graceUntil = null;
        _graceTimer?.Dispose();
        _graceTimer = null;
    }
}
