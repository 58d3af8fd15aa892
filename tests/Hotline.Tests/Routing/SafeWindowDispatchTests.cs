using Hotline.Cases;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Routing;

namespace Hotline.Tests.Routing;

/// <summary>
/// The safe window as a rule of order: a case's work outside its window (or held while its caller
/// is not safe) is passed over without losing its place, by local matching, escalation and a
/// supervisor's choice alike; the window is read in the hotline's zone.
/// </summary>
public sealed class SafeWindowDispatchTests
{
    // A Tuesday, 09:00 UTC.
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly SafeWindow TenToFive = new(SafeDays.EveryDay, 10 * 60, 17 * 60);
    private readonly RoutingOptions _options = new();
    private readonly Dispatcher _dispatcher;
    private long _version;

    public SafeWindowDispatchTests() => _dispatcher = new Dispatcher("baku", _options);

    [Fact]
    public void WorkOutsideItsSafeWindowWaitsKeepingItsPlaceAndIsOfferedWhenItOpens()
    {
        var callBack = Enqueue(T0, TenToFive);
        var later = Enqueue(T0.AddSeconds(1));
        Responder("a", T0.AddMinutes(-5));

        var before = Assert.Single(_dispatcher.MatchLocal(T0));
        Assert.Equal(later, before.ContactId);
        Assert.Equal([callBack, later], _dispatcher.Waiting.Select(w => w.ContactId));

        Responder("b", T0);
        Assert.Empty(_dispatcher.MatchLocal(T0.AddMinutes(59)));
        Assert.Equal(callBack, Assert.Single(_dispatcher.MatchLocal(T0.AddHours(1))).ContactId);
    }

    [Fact]
    public void AClosingWindowStopsTheOffersAtItsEnd()
    {
        Enqueue(T0, TenToFive);
        Responder("a", T0);

        Assert.Empty(_dispatcher.MatchLocal(T0.AddHours(8)));
        Assert.Single(_dispatcher.MatchLocal(T0.AddHours(8) - TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void HeldWorkIsNeverOfferedUntilItsHoldIsLifted()
    {
        var held = Enqueue(T0, window: null, held: true);
        Responder("a", T0);

        Assert.Empty(_dispatcher.MatchLocal(T0));
        Assert.Empty(_dispatcher.DueForEscalation(T0.AddDays(1)));

        var entry = _dispatcher.Queue.Find(held)!.Contact;
        Assert.True(_dispatcher.UpdateWaiting(entry with { Held = false }, T0).Found);
        Assert.Equal(held, Assert.Single(_dispatcher.MatchLocal(T0)).ContactId);
    }

    [Fact]
    public void TheWindowIsReadOnTheHotlinesClock()
    {
        // 09:00 UTC is 13:00 in Baku (UTC+4): inside 10:00-17:00 there, outside it in UTC.
        var baku = TimeZoneInfo.CreateCustomTimeZone("hotline-test", TimeSpan.FromHours(4), "hotline-test", "hotline-test");
        var local = new Dispatcher("baku", _options, baku);
        local.Enqueue(Waiting(T0, TenToFive, held: false));
        local.UpdateResponder(Availability("a", T0));

        Assert.Single(local.MatchLocal(T0));
        Enqueue(T0, TenToFive);
        Responder("a", T0);
        Assert.Empty(_dispatcher.MatchLocal(T0));
    }

    [Fact]
    public void AWindowPastMidnightIsOpenIntoTheNextMorningOfTheDaysNamed()
    {
        // Tuesdays 22:00 to 02:00.
        var night = new SafeWindow(SafeDays.Tuesday, 22 * 60, 2 * 60);

        Assert.True(night.IsOpen(T0.Date.AddHours(23).ToUtc(), TimeZoneInfo.Utc));
        Assert.True(night.IsOpen(T0.Date.AddDays(1).AddHours(1).ToUtc(), TimeZoneInfo.Utc));
        Assert.False(night.IsOpen(T0.Date.AddDays(1).AddHours(2).ToUtc(), TimeZoneInfo.Utc));
        Assert.False(night.IsOpen(T0.Date.AddHours(1).ToUtc(), TimeZoneInfo.Utc));
        Assert.False(new SafeWindow(SafeDays.Monday | SafeDays.Wednesday, 0, 24 * 60).IsOpen(T0, TimeZoneInfo.Utc));
    }

    [Fact]
    public void EscalationPassesOverWorkWhoseWindowIsClosed()
    {
        var callBack = Enqueue(T0.AddDays(-1), TenToFive);

        Assert.Empty(_dispatcher.DueForEscalation(T0));
        Assert.Null(_dispatcher.OfferToRemote(callBack, [Availability("far", T0) with { HomeRegion = "absheron-khizi" }], T0));
        Assert.Contains(_dispatcher.DueForEscalation(T0.AddHours(1)), d => d.Entry.Contact.ContactId == callBack);
    }

    [Fact]
    public void ASupervisorCannotGiveWorkWhoseWindowIsClosed()
    {
        var callBack = Enqueue(T0, TenToFive);

        var refused = Assert.Throws<FailedPreconditionException>(() => _dispatcher.OfferToChosen(callBack, Availability("a", T0), T0));

        Assert.Contains("safe window", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesThatNoLongerAllowAnOpenOfferWithdrawItAndTheWorkKeepsItsPlace()
    {
        var callBack = Enqueue(T0.AddHours(1), window: null);
        var later = Enqueue(T0.AddHours(1).AddSeconds(1));
        Responder("a", T0);
        var now = T0.AddHours(2);
        var offer = Assert.Single(_dispatcher.MatchLocal(now));
        Assert.Equal(callBack, offer.ContactId);

        var (found, withdrawn) = _dispatcher.UpdateWaiting(_dispatcher.Queue.Find(callBack)!.Contact with { Held = true }, now);

        Assert.True(found);
        Assert.Equal(offer.OfferId, withdrawn!.OfferId);
        Assert.Equal([callBack, later], _dispatcher.Waiting.Select(w => w.ContactId));
        Assert.Equal(later, Assert.Single(_dispatcher.MatchLocal(now)).ContactId);
        Assert.False(_dispatcher.UpdateWaiting(Waiting(T0, null, false), now).Found);
    }

    private Guid Enqueue(DateTimeOffset at, SafeWindow? window = null, bool held = false)
    {
        var contact = Waiting(at, window, held);
        _dispatcher.Enqueue(contact);
        return contact.ContactId;
    }

    private static WaitingContact Waiting(DateTimeOffset at, SafeWindow? window, bool held) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "baku", new ContactNeeds(Channel.Voice, "az", []), Urgency.Normal, at, null, WorkKind.FollowUp, null, window, held);

    private void Responder(string id, DateTimeOffset idleSince) => _dispatcher.UpdateResponder(Availability(id, idleSince));

    private ResponderAvailability Availability(string id, DateTimeOffset idleSince) =>
        new(id, "baku", ["az"], [], [new ChannelLoad(Channel.Voice, 1, 0)], Presence.Available, true, idleSince, null, ++_version);
}

internal static class UtcDates
{
    public static DateTimeOffset ToUtc(this DateTime date) => new(date, TimeSpan.Zero);
}
