using Hotline.Domain;
using Hotline.Responders;

namespace Hotline.Tests.Domain;

public sealed class PresenceRulesTests
{
    [Theory]
    [InlineData(Presence.Break, PresenceReason.Meal)]
    [InlineData(Presence.Away, PresenceReason.Admin)]
    [InlineData(Presence.Offline, PresenceReason.Training)]
    [InlineData(Presence.Available, PresenceReason.None)]
    [InlineData(Presence.Break, PresenceReason.None)]
    public void AReasonGoesWithAStateOtherThanAvailable(Presence presence, PresenceReason reason) =>
        Assert.Null(PresenceRules.WhyNot(presence, reason));

    [Fact]
    public void AvailableTakesNoReason() =>
        Assert.Equal("may be given only with a presence other than AVAILABLE", PresenceRules.WhyNot(Presence.Available, PresenceReason.Break));

    [Theory]
    [InlineData(Presence.Away)]
    [InlineData(Presence.Break)]
    public void NobodyGivesTheMissedOffersReasonButTheHotline(Presence presence) =>
        Assert.Contains("hotline alone", PresenceRules.WhyNot(presence, PresenceReason.MissedOffers), StringComparison.Ordinal);

    [Fact]
    public void AMissedOfferSetsAwayOnlySomeoneWhoWasAvailable()
    {
        Assert.Equal((Presence.Away, PresenceReason.MissedOffers), PresenceRules.AfterMissedOffer(Presence.Available));
        Assert.Null(PresenceRules.AfterMissedOffer(Presence.Break));
        Assert.Null(PresenceRules.AfterMissedOffer(Presence.Offline));
        Assert.Null(PresenceRules.AfterMissedOffer(Presence.Away));
    }
}
