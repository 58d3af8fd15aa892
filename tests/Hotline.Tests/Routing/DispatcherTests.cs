using Hotline.Domain;
using Hotline.Errors;
using Hotline.Routing;

namespace Hotline.Tests.Routing;

public sealed class DispatcherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly RoutingOptions _options = new();
    private readonly Dispatcher _dispatcher;
    private long _version;

    public DispatcherTests() => _dispatcher = new Dispatcher("baku", _options);

    [Fact]
    public void OrdersByUrgencyThenByArrival()
    {
        var normal = Enqueue(Urgency.Normal, T0);
        var danger = Enqueue(Urgency.ImminentDanger, T0.AddSeconds(5));
        var normalLater = Enqueue(Urgency.Normal, T0.AddSeconds(1));
        var low = Enqueue(Urgency.Low, T0.AddSeconds(-10));

        Assert.Equal([danger, normal, normalLater, low], _dispatcher.Waiting.Select(w => w.ContactId));
    }

    [Fact]
    public void EqualTimestampsKeepArrivalOrder()
    {
        var ids = Enumerable.Range(0, 50).Select(_ => Enqueue(Urgency.Normal, T0)).ToList();
        Assert.Equal(ids, _dispatcher.Waiting.Select(w => w.ContactId));
    }

    [Fact]
    public void GivesEachResponderOneOfferAtATimeToTheIdlestFirst()
    {
        var first = Enqueue(Urgency.Normal, T0);
        var second = Enqueue(Urgency.Normal, T0.AddSeconds(1));
        var third = Enqueue(Urgency.Normal, T0.AddSeconds(2));
        Responder("recent", idleSince: T0.AddMinutes(-1));
        Responder("longest", idleSince: T0.AddMinutes(-10));

        var offers = _dispatcher.MatchLocal(T0);

        Assert.Equal(2, offers.Count);
        Assert.Equal((first, "longest"), (offers[0].ContactId, offers[0].ResponderId));
        Assert.Equal((second, "recent"), (offers[1].ContactId, offers[1].ResponderId));
        Assert.Equal(T0 + _options.OfferTimeout, offers[0].Deadline);
        Assert.Empty(_dispatcher.MatchLocal(T0));
        Assert.False(_dispatcher.Queue.Find(third)!.IsOffered);
    }

    [Fact]
    public void PrefersTheCasesPreviousResponderWhenEligible()
    {
        var contact = Enqueue(Urgency.Normal, T0, preferred: "continuity");
        Responder("idle-longer", idleSince: T0.AddHours(-2));
        Responder("continuity", idleSince: T0);

        Assert.Equal("continuity", Assert.Single(_dispatcher.MatchLocal(T0)).ResponderId);
        Assert.True(_dispatcher.Queue.Find(contact)!.IsOffered);
    }

    [Fact]
    public void DeclinedContactKeepsItsPlaceAndIsNotOfferedToTheDeclinerAgain()
    {
        var older = Enqueue(Urgency.Normal, T0);
        var newer = Enqueue(Urgency.Normal, T0.AddSeconds(1));
        Responder("a", idleSince: T0.AddMinutes(-5));
        var offer = Assert.Single(_dispatcher.MatchLocal(T0), o => o.ContactId == older);

        Assert.Equal(DeclineOutcome.Waiting, _dispatcher.Decline(offer.OfferId, older, "a"));

        Assert.Equal([older, newer], _dispatcher.Waiting.Select(w => w.ContactId));
        var next = Assert.Single(_dispatcher.MatchLocal(T0));
        Assert.Equal(newer, next.ContactId);

        Responder("b", idleSince: T0);
        var again = Assert.Single(_dispatcher.MatchLocal(T0));
        Assert.Equal((older, "b"), (again.ContactId, again.ResponderId));
    }

    [Fact]
    public void MissedOfferKeepsTheContactsPlaceAndMarksTheResponderAway()
    {
        var older = Enqueue(Urgency.Normal, T0);
        Enqueue(Urgency.Normal, T0.AddSeconds(1));
        Responder("sleepy", idleSince: T0);
        var offer = Assert.Single(_dispatcher.MatchLocal(T0));

        Assert.Empty(_dispatcher.ExpireOffers(offer.Deadline.AddTicks(-1)));
        var expired = Assert.Single(_dispatcher.ExpireOffers(offer.Deadline));

        Assert.Equal(offer.OfferId, expired.OfferId);
        Assert.Equal(Presence.Away, _dispatcher.Responders["sleepy"].Presence);
        Assert.Equal(older, _dispatcher.Waiting.First().ContactId);
        Assert.False(_dispatcher.Queue.Find(older)!.IsOffered);

        Responder("awake", idleSince: T0);
        Assert.Equal(older, Assert.Single(_dispatcher.MatchLocal(offer.Deadline)).ContactId);
    }

    [Fact]
    public void AcceptIsRefusedAfterTheDeadlineOrForAnotherResponder()
    {
        var contact = Enqueue(Urgency.High, T0);
        Responder("a", idleSince: T0);
        var offer = Assert.Single(_dispatcher.MatchLocal(T0));

        Assert.Throws<FailedPreconditionException>(() => _dispatcher.ConfirmAccept(offer.OfferId, contact, "b", T0));
        Assert.Throws<FailedPreconditionException>(() => _dispatcher.ConfirmAccept(offer.OfferId, contact, "a", offer.Deadline));

        var taken = _dispatcher.ConfirmAccept(offer.OfferId, contact, "a", T0.AddSeconds(3));
        Assert.Equal(contact, taken.ContactId);
        Assert.Equal(0, _dispatcher.Queue.Count);
        Assert.Throws<FailedPreconditionException>(() => _dispatcher.ConfirmAccept(offer.OfferId, contact, "a", T0.AddSeconds(3)));
    }

    [Fact]
    public void OlderAvailabilityVersionsAreIgnored()
    {
        Responder("a", idleSince: T0, presence: Presence.Available);
        var stale = _dispatcher.Responders["a"] with { Presence = Presence.Break, Version = 0 };

        Assert.False(_dispatcher.UpdateResponder(stale));
        Assert.Equal(Presence.Available, _dispatcher.Responders["a"].Presence);
    }

    [Fact]
    public void EscalatesAfterTheThresholdsForItsUrgency()
    {
        var danger = Enqueue(Urgency.ImminentDanger, T0);
        var normal = Enqueue(Urgency.Normal, T0);

        Assert.Empty(_dispatcher.DueForEscalation(T0 + _options.NeighbourAfter.ImminentDanger - TimeSpan.FromTicks(1)));
        var due = _dispatcher.DueForEscalation(T0 + _options.NeighbourAfter.ImminentDanger);
        Assert.Equal((danger, EscalationLevel.Neighbours), (Assert.Single(due).Entry.Contact.ContactId, due[0].Level));

        var later = _dispatcher.DueForEscalation(T0 + _options.NationalAfter.ImminentDanger);
        Assert.Contains(later, d => d.Entry.Contact.ContactId == danger && d.Level == EscalationLevel.National);
        Assert.DoesNotContain(later, d => d.Entry.Contact.ContactId == normal);
    }

    [Fact]
    public void RemoteOfferSkipsRespondersAlreadyHoldingAnOfferFromThisDispatcher()
    {
        var first = Enqueue(Urgency.Normal, T0);
        var second = Enqueue(Urgency.Normal, T0.AddSeconds(1));
        var remote = Availability("ganja-1", "ganja-dashkasan", T0);

        Assert.NotNull(_dispatcher.OfferToRemote(first, [remote], T0));
        Assert.Null(_dispatcher.OfferToRemote(second, [remote], T0));
    }

    [Theory]
    [InlineData(Presence.Break, true, "az", 0)]
    [InlineData(Presence.Available, false, "az", 0)]
    [InlineData(Presence.Available, true, "ru", 0)]
    [InlineData(Presence.Available, true, "az", 1)]
    public void IneligibleRespondersAreNeverOffered(Presence presence, bool connected, string language, int load)
    {
        Enqueue(Urgency.Normal, T0);
        _dispatcher.UpdateResponder(Availability("x", "baku", T0) with
        {
            Presence = presence,
            Connected = connected,
            Languages = [language],
            Channels = [new ChannelLoad(Channel.Voice, 1, load)],
        });

        Assert.Empty(_dispatcher.MatchLocal(T0));
    }

    [Fact]
    public void ResponderNeedsEveryRequiredSkill()
    {
        var needs = new ContactNeeds(Channel.Voice, "az", ["legal_aid", "shelter"]);
        var partial = Availability("a", "baku", T0) with { Skills = ["legal_aid"] };
        var full = Availability("b", "baku", T0) with { Skills = ["shelter", "legal_aid", "medical"] };

        Assert.False(Eligibility.IsEligible(partial, needs, null));
        Assert.True(Eligibility.IsEligible(full, needs, null));
        Assert.False(Eligibility.IsEligible(full, needs, new HashSet<string> { "b" }));
    }

    private Guid Enqueue(Urgency urgency, DateTimeOffset at, string? preferred = null)
    {
        var id = Guid.NewGuid();
        _dispatcher.Enqueue(new WaitingContact(id, Guid.NewGuid(), "baku", new ContactNeeds(Channel.Voice, "az", []), urgency, at, preferred));
        return id;
    }

    private void Responder(string id, DateTimeOffset idleSince, Presence presence = Presence.Available) =>
        _dispatcher.UpdateResponder(Availability(id, "baku", idleSince) with { Presence = presence });

    private ResponderAvailability Availability(string id, string region, DateTimeOffset idleSince) =>
        new(id, region, ["az", "ru"], [], [new ChannelLoad(Channel.Voice, 1, 0)], Presence.Available, true, idleSince, null, ++_version);
}
