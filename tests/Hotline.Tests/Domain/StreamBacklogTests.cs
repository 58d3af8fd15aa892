using Hotline.Domain;
using Hotline.Responders;
using Hotline.Routing;
using Hotline.Supervision;

namespace Hotline.Tests.Domain;

/// <summary>
/// Live streams keep a bounded backlog per reader: a reader that never reads holds at most the
/// bound however much is published, and when it reads again it is sent where things stand now,
/// then what follows, so it is correct again rather than short of events.
/// </summary>
public sealed class StreamBacklogTests
{
    private const int Bound = 64;
    private const int Published = 100_000;
    private static readonly DateTimeOffset Nine = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AResponderStreamThatIsNeverReadHoldsAtMostTheBoundOverAHundredThousandEventsThenGetsItsStateAndWhatFollows()
    {
        var feed = new EventFeed(1_000, Bound);
        var (live, _) = feed.Subscribe(afterSequence: 0);
        var mostBuffered = 0;
        for (var i = 0; i < Published; i++)
        {
            feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.PresenceChanged, Nine, Presence: i % 2 == 0 ? Presence.Break : Presence.Available));
            mostBuffered = Math.Max(mostBuffered, live.Buffered);
        }

        Assert.True(mostBuffered <= Bound, $"the reader's backlog reached {mostBuffered} events (bound {Bound})");
        Assert.Equal(1, live.Buffered);

        // Where things stand now stands in for everything missed, numbered as the last event published.
        Func<IReadOnlyList<ResponderEvent>> standing = () => [new ResponderEvent(feed.LastSequence, ResponderEventKind.State, Nine, Presence: Presence.Available)];
        Assert.True(live.TryRead(standing, out var first));
        Assert.Equal((ResponderEventKind.State, 1_000 + Published), (first.Kind, first.Sequence));
        Assert.False(live.TryRead(standing, out _));

        var next = feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.PresenceChanged, Nine, Presence: Presence.Break));
        Assert.True(live.TryRead(standing, out var after));
        Assert.Equal(next, after);
        Assert.Equal(first.Sequence + 1, after.Sequence);
    }

    [Fact]
    public void AReaderThatKeepsUpGetsEveryEventInOrderAndNoPicture()
    {
        var feed = new EventFeed(0, Bound);
        var (live, _) = feed.Subscribe(afterSequence: 0);
        var read = new List<long>();
        for (var i = 0; i < 10 * Bound; i++)
        {
            feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.PresenceChanged, Nine, Presence: Presence.Break));
            if (i % (Bound / 2) == 0)
            {
                while (live.TryRead(() => throw new InvalidOperationException("a reader within the bound needs no picture"), out var e))
                {
                    read.Add(e.Sequence);
                }
            }
        }

        while (live.TryRead(() => throw new InvalidOperationException("a reader within the bound needs no picture"), out var e))
        {
            read.Add(e.Sequence);
        }

        Assert.Equal(Enumerable.Range(1, 10 * Bound).Select(i => (long)i), read);
        Assert.Equal(0, live.Overflows);
    }

    [Fact]
    public void ASupervisorWhoFellBehindIsSentTheFiguresRosterAndStandingAlertsAgainThenWhatFollows()
    {
        var feed = new SupervisorFeed(Bound);
        var stats = QueueStats.National([], Nine);
        var crisis = new CrisisAlert("baku", AlertReason.Opened, Guid.NewGuid(), Guid.NewGuid(), Channel.Voice, Nine, Nine);
        var watcher = feed.Subscribe(SupervisionTopics.Queues | SupervisionTopics.Roster, stats, [], []);
        var mostBuffered = 0;
        for (var i = 0; i < Published; i++)
        {
            feed.Alert(crisis with { CaseId = Guid.NewGuid() });
            mostBuffered = Math.Max(mostBuffered, watcher.Buffered);
        }

        Assert.True(mostBuffered <= Bound, $"the watcher's backlog reached {mostBuffered} events (bound {Bound})");

        var picture = () => (IReadOnlyList<SupervisionEvent>)SupervisorFeed.Picture(SupervisionTopics.Queues | SupervisionTopics.Roster, stats, [], [crisis]);
        var read = new List<SupervisionEvent>();
        while (watcher.TryRead(picture, out var e))
        {
            read.Add(e);
        }

        Assert.Equal([SupervisionEventKind.Stats, SupervisionEventKind.Roster, SupervisionEventKind.Alert], read.Select(e => e.Kind));
        Assert.True(read[0].Full && read[1].Full && read[2].Alert!.Standing);

        var answered = crisis with { Reason = AlertReason.Answered };
        feed.Alert(answered);
        Assert.True(watcher.TryRead(picture, out var next));
        Assert.Equal(answered, next.Alert);
    }
}
