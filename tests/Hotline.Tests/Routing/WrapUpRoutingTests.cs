using Hotline.Domain;
using Hotline.Errors;
using Hotline.Responders;
using Hotline.Routing;
using Hotline.Supervision;

namespace Hotline.Tests.Routing;

/// <summary>Wrap-up as a rule of routing: nothing is offered on a channel in wrap-up; the other channels and the end of it are as usual.</summary>
public sealed class WrapUpRoutingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly WrapUp VoiceWrapUp = new(Channel.Voice, T0, T0.AddSeconds(60));
    private readonly Dispatcher _dispatcher = new("baku", new RoutingOptions());
    private long _version;

    [Fact]
    public void NoVoiceOfferDuringVoiceWrapUpButChatStillComes()
    {
        var voice = Enqueue(Channel.Voice);
        var chat = Enqueue(Channel.Chat);
        _dispatcher.UpdateResponder(Availability("aysel", wrapUp: VoiceWrapUp));

        var offer = Assert.Single(_dispatcher.MatchLocal(T0));

        Assert.Equal((chat, "aysel"), (offer.ContactId, offer.ResponderId));
        Assert.False(_dispatcher.Queue.Find(voice)!.IsOffered);
    }

    [Fact]
    public void WhenTheWrapUpEndsTheWaitingVoiceContactIsOffered()
    {
        var voice = Enqueue(Channel.Voice);
        _dispatcher.UpdateResponder(Availability("aysel", wrapUp: VoiceWrapUp));
        Assert.Empty(_dispatcher.MatchLocal(T0));

        _dispatcher.UpdateResponder(Availability("aysel", wrapUp: null));

        Assert.Equal(voice, Assert.Single(_dispatcher.MatchLocal(T0.AddSeconds(10))).ContactId);
    }

    [Fact]
    public void TheIdlestResponderInWrapUpIsPassedOverForTheNextOne()
    {
        var voice = Enqueue(Channel.Voice);
        _dispatcher.UpdateResponder(Availability("idle-longest", wrapUp: VoiceWrapUp, idleSince: T0.AddHours(-1)));
        _dispatcher.UpdateResponder(Availability("just-idle", wrapUp: null, idleSince: T0));

        var offer = Assert.Single(_dispatcher.MatchLocal(T0));

        Assert.Equal((voice, "just-idle"), (offer.ContactId, offer.ResponderId));
    }

    [Fact]
    public void ASupervisorCannotGiveAVoiceContactToSomeoneInVoiceWrapUp()
    {
        var voice = Enqueue(Channel.Voice);
        var aysel = Availability("aysel", wrapUp: VoiceWrapUp);
        _dispatcher.UpdateResponder(aysel);

        var refused = Assert.Throws<FailedPreconditionException>(() => _dispatcher.OfferToChosen(voice, aysel, T0));

        Assert.Contains("wrap-up on voice", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APoolResponderWhoseOnlyRoomIsInWrapUpIsNotFree()
    {
        var pool = new ResponderPool();
        pool.Set(Availability("aysel", wrapUp: VoiceWrapUp) with { Channels = [new ChannelLoad(Channel.Voice, 1, 0, VoiceWrapUp)] });

        Assert.Equal(0, pool.FreeCount);
        Assert.Empty(pool.Eligible(new ContactNeeds(Channel.Voice, "az", []), null));
    }

    [Fact]
    public void AnOpenOfferMadeBeforeTheWrapUpMayStillBeAcceptedOnThatChannel()
    {
        var aysel = Availability("aysel", wrapUp: VoiceWrapUp) with { Channels = [new ChannelLoad(Channel.Voice, 2, 0, VoiceWrapUp)] };

        Assert.True(aysel.HasCapacity(Channel.Voice));
        Assert.False(Eligibility.IsEligible(aysel, new ContactNeeds(Channel.Voice, "az", []), null));
    }

    [Fact]
    public void WrapUpStartsPerChannelReplacesAnEarlierOneAndZeroTurnsItOff()
    {
        var wrapUps = new ResponderWrapUps();

        Assert.Null(wrapUps.Start(Channel.Chat, T0, TimeSpan.Zero).Started);
        var first = wrapUps.Start(Channel.Voice, T0, TimeSpan.FromSeconds(60)).Started;
        var (second, replaced) = wrapUps.Start(Channel.Voice, T0.AddSeconds(20), TimeSpan.FromSeconds(60));
        wrapUps.Start(Channel.Sms, T0, TimeSpan.FromSeconds(30));

        Assert.Equal(first, replaced);
        Assert.Equal(T0.AddSeconds(80), second!.Until);
        Assert.Equal([Channel.Sms], wrapUps.EndDue(T0.AddSeconds(30)).Select(w => w.Channel));
        Assert.Empty(wrapUps.EndDue(T0.AddSeconds(79)));
        Assert.Equal([second], wrapUps.End(null));
        Assert.Empty(wrapUps.End(Channel.Voice));
        Assert.False(wrapUps.Any);
    }

    [Fact]
    public void DefaultWrapUpTimesAreAMinuteForVoiceAndHalfAMinuteForChat()
    {
        var times = new RoutingOptions().WrapUp;

        Assert.Equal(TimeSpan.FromSeconds(60), times.For(Channel.Voice));
        Assert.Equal(TimeSpan.FromSeconds(30), times.For(Channel.Chat));
        Assert.True(times.IsValid());
        Assert.False(new WrapUpTimes { Sms = TimeSpan.FromHours(2) }.IsValid());
        Assert.False(new WrapUpTimes { Chat = TimeSpan.FromSeconds(-1) }.IsValid());
    }

    [Fact]
    public void TheRosterShowsWrapUpOnlyWhenNothingElseIsInHand()
    {
        Assert.Equal(RosterStatus.WrapUp, Availability("a", wrapUp: VoiceWrapUp).StatusOf());
        Assert.Equal(RosterStatus.Busy, (Availability("b", wrapUp: VoiceWrapUp) with { PendingOfferContactId = Guid.NewGuid() }).StatusOf());
        Assert.Equal(RosterStatus.Break, (Availability("c", wrapUp: VoiceWrapUp) with { Presence = Presence.Break }).StatusOf());
    }

    [Fact]
    public void AfterContactTimeIsCountedWhenAWrapUpEndsUpToItsLimit()
    {
        var board = new RegionBoard("baku", new SupervisionOptions(), null, TimeProvider.System, T0);
        var during = Availability("aysel", wrapUp: VoiceWrapUp);
        var after = Availability("aysel", wrapUp: null);

        board.WrapUpsEnded(null, during, T0);
        board.WrapUpsEnded(during, during, T0.AddSeconds(5));
        board.WrapUpsEnded(during, after, T0.AddSeconds(20));
        board.WrapUpsEnded(during, after, T0.AddSeconds(90));

        var day = board.Day(T0.AddSeconds(90));
        Assert.Equal(2, day.WrapUps);
        Assert.Equal(20_000 + 60_000, day.TotalAfterContactMs);
        Assert.Equal(TimeSpan.FromSeconds(40), day.AverageAfterContact);
        Assert.Equal(80_000, QueueDay.Sum([day, new QueueDay { Day = day.Day }]).TotalAfterContactMs);
    }

    private Guid Enqueue(Channel channel)
    {
        var id = Guid.NewGuid();
        _dispatcher.Enqueue(new WaitingContact(id, Guid.NewGuid(), "baku", new ContactNeeds(channel, "az", []), Urgency.Normal, T0, null));
        return id;
    }

    private ResponderAvailability Availability(string id, WrapUp? wrapUp, DateTimeOffset? idleSince = null) =>
        new(id, "baku", ["az"], [], [new ChannelLoad(Channel.Voice, 1, 0, wrapUp), new ChannelLoad(Channel.Chat, 2, 0)],
            Presence.Available, true, idleSince ?? T0.AddMinutes(-5), null, ++_version);
}
