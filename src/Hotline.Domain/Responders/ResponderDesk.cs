using Hotline.Domain;
using Hotline.Errors;
using Hotline.Routing;
using Hotline.Supervision;

namespace Hotline.Responders;

/// <summary>
/// What a responder has in hand, kept in memory by their grain: the one offer they may hold,
/// the contacts they work (rebuilt from the contacts' records after a restart), their wrap-ups,
/// where they stand for routing and supervisors, and the offers they missed today.
/// </summary>
public sealed class ResponderDesk(string responderId, TimeZoneInfo zone, long firstVersion)
{
    private readonly List<Assignment> _assignments = [];
    private RosterStatus? _status;
    private DateTimeOffset _statusSince;
    private DateOnly _missedDay;
    private int _missed;

    /// <summary>The offer open to the responder now, if any.</summary>
    public Offer? PendingOffer { get; private set; }

    public IReadOnlyList<Assignment> Assignments => _assignments;

    /// <summary>Wrap-ups after contacts, per channel; kept in memory (after a restart a responder is out of wrap-up).</summary>
    public ResponderWrapUps WrapUps { get; } = new();

    /// <summary>Orders what routing hears from this responder: a dispatcher ignores an older report.</summary>
    public long AvailabilityVersion { get; private set; } = firstVersion;

    public void Restore(Assignment assignment) => _assignments.Add(assignment);

    public void Hold(Offer offer) => PendingOffer = offer;

    /// <summary>Lets go of the offer when it is <paramref name="offerId"/>; false when it is not the one held.</summary>
    public bool Release(Guid offerId)
    {
        if (PendingOffer?.OfferId != offerId)
        {
            return false;
        }

        PendingOffer = null;
        return true;
    }

    /// <summary>Lets go of whatever offer is held, and returns it.</summary>
    public Offer? ReleaseAny()
    {
        var offer = PendingOffer;
        PendingOffer = null;
        return offer;
    }

    /// <summary>The offer of <paramref name="contactId"/> open to this responder; refused when there is none.</summary>
    public Offer OpenOffer(Guid contactId) =>
        PendingOffer is { } offer && offer.ContactId == contactId
            ? offer
            : throw new FailedPreconditionException("ContactId", "there is no open offer of this contact to this responder");

    public void Assign(Assignment assignment) => _assignments.Add(assignment);

    public Assignment? AssignmentOf(Guid contactId) => _assignments.Find(a => a.ContactId == contactId);

    /// <summary>Ends an assignment; true when the responder has nothing left in hand (idle from now).</summary>
    public bool End(Assignment assignment)
    {
        _assignments.Remove(assignment);
        return _assignments.Count == 0;
    }

    /// <summary>An offer's deadline passed without an answer.</summary>
    public void Missed(DateTimeOffset now)
    {
        var today = SupervisionOptions.DayOf(now, zone);
        if (today != _missedDay)
        {
            (_missedDay, _missed) = (today, 0);
        }

        _missed++;
    }

    /// <summary>A newer report for routing.</summary>
    public void Changed() => AvailabilityVersion++;

    /// <summary>What routing and supervisors know of the responder now.</summary>
    public ResponderAvailability Availability(ResponderState s, bool connected, DateTimeOffset now)
    {
        var channels = s.Capacity.Select(c => new ChannelLoad(c.Channel, c.Capacity, _assignments.Count(a => a.Channel == c.Channel), WrapUps.On(c.Channel))).ToArray();
        var status = Roster.StatusOf(s.Presence, connected, _assignments.Count, PendingOffer is not null, channels.Any(c => c.WrapUp is not null));
        if (status != _status)
        {
            (_status, _statusSince) = (status, now);
        }

        var missed = _missed == 0 || SupervisionOptions.DayOf(now, zone) != _missedDay ? 0 : _missed;
        return new ResponderAvailability(responderId, s.HomeRegion, s.Languages, s.Skills, channels, s.Presence, connected,
            s.IdleSince, PendingOffer?.ContactId, AvailabilityVersion, s.DisplayName, _statusSince, missed, s.PresenceReason);
    }

    public ResponderSnapshot Snapshot(ResponderState s, bool connected) =>
        new(responderId, new ResponderProfileInput(s.DisplayName, s.HomeRegion, s.Languages, s.Skills, s.Capacity),
            s.Presence, connected, [.. _assignments], PendingOffer, s.IdleSince, s.DisabledAt, s.PresenceReason, [.. WrapUps.Open]);

    /// <summary>Where things stand, the first event of a fresh stream.</summary>
    public ResponderEvent Standing(long sequence, ResponderState s, DateTimeOffset now) =>
        new(sequence, ResponderEventKind.State, now, Offer: PendingOffer, Presence: s.Presence, Assignments: [.. _assignments],
            PresenceReason: s.PresenceReason, WrapUps: [.. WrapUps.Open]);

    /// <summary>
    /// Marks whether the event's offer is still open to this responder as it is sent, so the
    /// gateway attaches the summary to a live offer only, never to one replayed after it was
    /// declined, missed or withdrawn.
    /// </summary>
    public ResponderEvent Stamped(ResponderEvent e) =>
        e.Offer is { } offer && PendingOffer?.OfferId == offer.OfferId ? e with { OfferOpen = true } : e;
}
