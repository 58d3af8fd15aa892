using Hotline.Domain;
using Hotline.Responders;
using Hotline.Routing;
using Hotline.Supervision;

namespace Hotline.Tests.Domain;

/// <summary>What a responder has in hand, without a silo.</summary>
public sealed class ResponderDeskTests
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Baku = new SupervisionOptions { TimeZone = "Asia/Baku" }.Zone();
    private readonly ResponderState _profile = new() { HomeRegion = "baku", Languages = ["az"], Capacity = [new ChannelCapacity(Channel.Voice, 1)], Presence = Presence.Available };

    [Fact]
    public void OnlyTheOfferHeldCanBeAnsweredAndOnlyItsEventsAreMarkedOpen()
    {
        var desk = new ResponderDesk("r1", Baku, 1);
        var offer = Offer(Guid.NewGuid());
        desk.Hold(offer);

        Assert.Same(offer, desk.OpenOffer(offer.ContactId));
        Assert.Throws<Hotline.Errors.FailedPreconditionException>(() => desk.OpenOffer(Guid.NewGuid()));
        Assert.True(desk.Stamped(new ResponderEvent(1, ResponderEventKind.OfferMade, Nine, Offer: offer)).OfferOpen);

        Assert.False(desk.Release(Guid.NewGuid()));
        Assert.True(desk.Release(offer.OfferId));
        Assert.False(desk.Stamped(new ResponderEvent(1, ResponderEventKind.OfferMade, Nine, Offer: offer)).OfferOpen);
    }

    [Fact]
    public void MissedOffersAreCountedForTheDayInTheHotlinesZone()
    {
        var desk = new ResponderDesk("r1", Baku, 1);
        desk.Missed(Nine);
        desk.Missed(Nine.AddHours(1));

        Assert.Equal(2, desk.Availability(_profile, connected: true, Nine.AddHours(2)).MissedToday);
        // 20:00 UTC is midnight in Baku.
        Assert.Equal(0, desk.Availability(_profile, connected: true, Nine.AddHours(11)).MissedToday);
    }

    [Fact]
    public void AResponderWithNothingLeftInHandIsIdleAndTheirLoadFollowsTheirAssignments()
    {
        var desk = new ResponderDesk("r1", Baku, 1);
        var assignment = new Assignment(Guid.NewGuid(), Guid.NewGuid(), Channel.Voice, Nine);
        desk.Assign(assignment);
        Assert.Equal(1, desk.Availability(_profile, connected: true, Nine).Channels.Single().Load);

        Assert.True(desk.End(assignment));
        Assert.Equal(0, desk.Availability(_profile, connected: true, Nine).Channels.Single().Load);
    }

    private static Offer Offer(Guid contactId) =>
        new(Guid.NewGuid(), contactId, Guid.NewGuid(), "baku", new ContactNeeds(Channel.Voice, "az", []), Urgency.Normal, Nine.AddSeconds(30), "r1", false);
}
