using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Tests.Routing;

/// <summary>
/// Queued call-backs as a rule of order: one waiting out its retry delay, or whose channel is
/// closed, is passed over by matching and escalation alike without losing its place, and is
/// offered as a call-back turn once it is due.
/// </summary>
public sealed class CallBackDispatchTests
{
    // A Tuesday, 09:00 UTC.
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly Dispatcher _dispatcher = new("baku", new RoutingOptions());
    private long _version;

    [Fact]
    public void ACallBackInsideItsRetryDelayKeepsItsPlaceWhileTheContactBehindItGoesFirst()
    {
        var retry = Enqueue(T0, new CallBackTurn(2, T0.AddMinutes(10)));
        var live = Enqueue(T0.AddSeconds(1));
        Responder("a", T0);

        Assert.Equal(live, Assert.Single(_dispatcher.MatchLocal(T0.AddMinutes(1))).ContactId);
        Assert.Equal([retry, live], _dispatcher.Waiting.Select(w => w.ContactId));
        Assert.Equal((1, 1), _dispatcher.CallBacks(T0.AddMinutes(1)));

        Responder("b", T0);
        Assert.Empty(_dispatcher.MatchLocal(T0.AddMinutes(10) - TimeSpan.FromTicks(1)));
        var offer = Assert.Single(_dispatcher.MatchLocal(T0.AddMinutes(10)));
        Assert.Equal((retry, 2), (offer.ContactId, offer.CallBack?.Attempt));
        Assert.Equal((1, 0), _dispatcher.CallBacks(T0.AddMinutes(10)));
    }

    [Fact]
    public void ACallBackWaitsWhileItsChannelIsClosedAndIsOfferedAtTheOpening()
    {
        _dispatcher.Hours = OpeningHours.Parse(new RegionHoursConfig { Hours = new(StringComparer.OrdinalIgnoreCase) { ["Voice"] = ["Mon-Fri 09:00-18:00"] } }, TimeZoneInfo.Utc);
        var evening = T0.Date.AddHours(20).ToUtc();
        var callBack = Enqueue(evening, new CallBackTurn(1, evening));
        Responder("a", evening);

        Assert.Empty(_dispatcher.MatchLocal(evening));
        Assert.Equal((1, 1), _dispatcher.CallBacks(evening));
        Assert.Empty(_dispatcher.MatchLocal(evening.AddHours(13) - TimeSpan.FromMinutes(1)));
        Assert.Equal(callBack, Assert.Single(_dispatcher.MatchLocal(evening.AddHours(13))).ContactId);
    }

    [Fact]
    public void EscalationPassesOverACallBackNotYetDue()
    {
        var callBack = Enqueue(T0.AddDays(-1), new CallBackTurn(2, T0.AddMinutes(10)));

        Assert.DoesNotContain(_dispatcher.DueForEscalation(T0), d => d.Entry.Contact.ContactId == callBack);
        Assert.Contains(_dispatcher.DueForEscalation(T0.AddMinutes(10)), d => d.Entry.Contact.ContactId == callBack);
    }

    private Guid Enqueue(DateTimeOffset at, CallBackTurn? turn = null)
    {
        var contact = new WaitingContact(Guid.NewGuid(), Guid.NewGuid(), "baku", new ContactNeeds(Channel.Voice, "az", []), Urgency.Normal, at, null, CallBack: turn);
        _dispatcher.Enqueue(contact);
        return contact.ContactId;
    }

    private void Responder(string id, DateTimeOffset idleSince) =>
        _dispatcher.UpdateResponder(new ResponderAvailability(id, "baku", ["az"], [], [new ChannelLoad(Channel.Voice, 1, 0)], Presence.Available, true, idleSince, null, ++_version));
}
