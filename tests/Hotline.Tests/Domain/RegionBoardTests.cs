using Hotline.Domain;
using Hotline.Routing;
using Hotline.Supervision;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Tests.Domain;

/// <summary>What a region's board makes of what its dispatcher tells it, without a silo.</summary>
public sealed class RegionBoardTests
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _runtime = new(Nine);
    private readonly SupervisionOptions _options = new() { CrisisRealertAfter = TimeSpan.FromSeconds(60), TimeZone = "Asia/Baku" };

    [Fact]
    public void ACallerInImminentDangerIsAnAlertTheMomentTheyEnterAndCountsAsEntered()
    {
        var board = Board();

        var alert = board.Entered(Waiting(Urgency.ImminentDanger), Nine);

        Assert.Equal(AlertReason.Opened, alert?.Reason);
        Assert.Equal(1, board.Day(Nine).Entered);
        Assert.Null(board.Entered(Waiting(Urgency.Normal), Nine));
    }

    [Fact]
    public void FollowUpsAndTransfersAreNotCountedAsContacts()
    {
        var board = Board();

        Assert.Null(board.Entered(Waiting(Urgency.ImminentDanger, WorkKind.FollowUp), Nine));
        board.Abandoned(Waiting(Urgency.Normal, WorkKind.Transfer), Nine);

        Assert.Equal((0, 0), (board.Day(Nine).Entered, board.Day(Nine).Abandoned));
    }

    [Fact]
    public void AStillWaitingCrisisIsRealertedOnceAfterTheConfiguredTime()
    {
        var board = Board();
        var queue = new Dispatcher("baku", new RoutingOptions());
        queue.Enqueue(Waiting(Urgency.ImminentDanger));
        queue.Enqueue(Waiting(Urgency.Normal));

        Assert.Empty(board.Realerts(queue.Queue.InOrder, Nine.AddSeconds(59)));
        var realert = Assert.Single(board.Realerts(queue.Queue.InOrder, Nine.AddSeconds(60)));
        Assert.Equal(AlertReason.NotConnectedInTime, realert.Reason);
        Assert.Empty(board.Realerts(queue.Queue.InOrder, Nine.AddMinutes(5)));
        Assert.Equal(AlertReason.NotConnectedInTime, Assert.Single(board.Standing(queue.Queue.InOrder, Nine.AddMinutes(5))).Reason);
    }

    [Fact]
    public void TheDayStartsAgainAtMidnightInTheHotlinesZone()
    {
        var board = Board();
        board.Entered(Waiting(Urgency.Normal), Nine);

        // 20:00 UTC is midnight in Baku (UTC+4).
        Assert.Equal(1, board.Day(Nine.AddHours(10).AddMinutes(59)).Entered);
        Assert.Equal(0, board.Day(Nine.AddHours(11)).Entered);
    }

    [Fact]
    public void CountersAreSavedWhenChangedAndTheSaveIntervalHasPassed()
    {
        var board = Board();
        // A day just started holds nothing to keep, even when a save is forced (deactivation).
        Assert.Null(board.DayToSave(force: true));

        board.Entered(Waiting(Urgency.Normal), Nine);
        Assert.Null(board.DayToSave(force: false));
        _runtime.Advance(_options.CounterSaveInterval);
        Assert.Equal(1, board.DayToSave(force: false)?.Entered);

        board.Saved();
        Assert.Null(board.DayToSave(force: true));
    }

    private RegionBoard Board() => new("baku", _options, saved: null, _runtime, Nine);

    private static WaitingContact Waiting(Urgency urgency, WorkKind kind = WorkKind.Contact) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "baku", new ContactNeeds(Channel.Voice, "az", []), urgency, Nine, null, kind);
}
