using Hotline.Domain;

namespace Hotline.Routing;

/// <summary>
/// The matching engine of one region, free of Orleans so it can be tested on its own.
/// The region queue grain owns one and calls it inside its (non-interleaving) turns. A case's
/// work carrying a safe window is offered only while the window is open, read on the hotline's
/// clock in <paramref name="zone"/> (UTC when none is given); held work is not offered at all.
/// </summary>
public sealed class Dispatcher(string region, RoutingOptions options, TimeZoneInfo? zone = null)
{
    private readonly TimeZoneInfo _zone = zone ?? TimeZoneInfo.Utc;

    private readonly WaitingQueue _queue = new(new WaitingRules(options));
    private readonly ResponderPool _responders = new();

    // Offers out from this dispatcher (to responders at home or elsewhere), by responder id.
    private readonly Dictionary<string, Offer> _outstanding = new(StringComparer.Ordinal);
    private readonly EscalationPolicy _escalation = new(options);

    public string Region { get; } = region;

    /// <summary>Whether the region's new contacts are diverted to a triage group or another region.</summary>
    public SurgeMode Surge { get; } = new(region);

    public WaitingQueue Queue => _queue;

    public IReadOnlyDictionary<string, ResponderAvailability> Responders => _responders.All;

    public IEnumerable<WaitingContact> Waiting => _queue.InOrder.Select(e => e.Contact);

    /// <summary>The region's opening hours, by which call-backs are held back while it is closed.</summary>
    public OpeningHours Hours { get; set; } = OpeningHours.Always;

    /// <summary>Records a responder's newer availability; older versions are ignored.</summary>
    public bool UpdateResponder(ResponderAvailability availability)
    {
        if (_responders.All.TryGetValue(availability.ResponderId, out var known) && known.Version > availability.Version)
        {
            return false;
        }

        if (availability.HomeRegion != Region)
        {
            _responders.Remove(availability.ResponderId);
            return true;
        }

        _responders.Set(availability);
        return true;
    }

    public bool Enqueue(WaitingContact contact)
    {
        var isNew = !_queue.Contains(contact.ContactId);
        _queue.Add(contact);
        return isNew;
    }

    /// <summary>
    /// A waiting item's routing rules changed (its case's safe window, channel or hold): it keeps
    /// its place in the queue; an offer out on it that the new rules no longer allow is withdrawn
    /// and returned, for the responder to be told. Found is false when it is not waiting here.
    /// </summary>
    public (bool Found, Offer? Withdrawn) UpdateWaiting(WaitingContact contact, DateTimeOffset now)
    {
        var entry = _queue.Find(contact.ContactId);
        if (entry is null)
        {
            return (false, null);
        }

        _queue.Replace(entry, entry.Contact with { Needs = contact.Needs, Window = contact.Window, Held = contact.Held });
        if (entry.CurrentOffer is { } offer && (!entry.Contact.MayBeOfferedAt(now, _zone) || offer.Needs.Channel != contact.Needs.Channel))
        {
            ClearOffer(offer);
            return (true, offer);
        }

        return (true, null);
    }

    /// <summary>Removes a contact (connected or abandoned); returns the offer it was out on.</summary>
    public QueueEntry? Remove(Guid contactId)
    {
        var entry = _queue.Remove(contactId);
        if (entry?.CurrentOffer is { } offer)
        {
            ReleaseResponder(offer);
        }

        return entry;
    }

    /// <summary>
    /// Pairs waiting contacts with this region's eligible responders, most urgent (as they count
    /// after waiting) and oldest first. Each responder gets at most one offer at a time. Costs
    /// nothing when nobody is free, and stops as soon as nobody is.
    /// </summary>
    public List<Offer> MatchLocal(DateTimeOffset now)
    {
        var offers = new List<Offer>();
        if (_queue.Count == 0 || _responders.FreeCount == 0)
        {
            return offers;
        }

        _queue.Advance(now);

        foreach (var entry in _queue.InOrder)
        {
            if (entry.IsOffered || !entry.Contact.MayBeOfferedAt(now, _zone) || !IsDue(entry, now))
            {
                continue;
            }

            _queue.Relax(entry, now);
            var chosen = Eligibility.Choose(Candidates(entry), entry.Contact.PreferredResponderId);
            if (chosen is not null)
            {
                offers.Add(MakeOffer(entry, chosen.ResponderId, now, escalated: false));
                if (_responders.FreeCount == 0)
                {
                    break;
                }
            }
        }

        return offers;
    }

    /// <summary>
    /// Waiting, not offered, and past the threshold for looking beyond the region, or diverted to
    /// another region (<see cref="SurgeMode"/>). Also applies what waiting changed to every entry
    /// (<see cref="WaitingQueue.Advance"/>, <see cref="WaitingQueue.Relax"/>).
    /// </summary>
    public List<(QueueEntry Entry, EscalationLevel Level)> DueForEscalation(DateTimeOffset now)
    {
        _queue.Advance(now);
        var due = new List<(QueueEntry, EscalationLevel)>();
        foreach (var entry in _queue.InOrder)
        {
            _queue.Relax(entry, now);
            var contact = entry.Contact;
            if (entry.IsOffered || contact.RequiredResponderId is not null)
            {
                continue;
            }

            // Most entries are not due to go further yet: that is decided first, as it is cheapest.
            var level = _escalation.LevelFor(entry.Urgency, contact.EnqueuedAt, now);
            if ((level != EscalationLevel.Region || Surge.For(contact)?.Region is not null) && contact.MayBeOfferedAt(now, _zone) && IsDue(entry, now))
            {
                due.Add((entry, level));
            }
        }

        return due;
    }

    /// <summary>
    /// A waiting contact becomes a call-back in the place it holds; an offer it was out on (made
    /// while the caller held) is withdrawn and returned, for the responder to be told. Found is
    /// false when it is not waiting here; WasCallBack when it already waited as a call-back.
    /// </summary>
    public (bool Found, bool WasCallBack, Offer? Withdrawn) ReplaceWaiting(WaitingContact contact)
    {
        var entry = _queue.Find(contact.ContactId);
        if (entry is null)
        {
            return (false, false, null);
        }

        var wasCallBack = entry.Contact.CallBack is not null;

        var withdrawn = entry.CurrentOffer;
        if (withdrawn is not null)
        {
            ClearOffer(withdrawn);
        }

        _queue.Replace(entry, contact);
        return (true, wasCallBack, withdrawn);
    }

    /// <summary>Waiting call-backs, of which <paramref name="now"/> held back (retry delay or closed hours).</summary>
    public (int Waiting, int HeldBack) CallBacks(DateTimeOffset now)
    {
        int waiting = 0, held = 0;
        foreach (var entry in _queue.InOrder)
        {
            if (entry.Contact.CallBack is not null)
            {
                waiting++;
                held += IsDue(entry, now) ? 0 : 1;
            }
        }

        return (waiting, held);
    }

    /// <summary>Candidates another region's dispatcher may offer one of its contacts to.</summary>
    public List<ResponderAvailability> FindCandidates(ContactNeeds needs, IReadOnlySet<string> exclude) =>
        [.. _responders.Eligible(needs, exclude)];

    /// <summary>Offers an escalated contact to a responder found in another region.</summary>
    public Offer? OfferToRemote(Guid contactId, IEnumerable<ResponderAvailability> candidates, DateTimeOffset now)
    {
        var entry = _queue.Find(contactId);
        if (entry is null || entry.IsOffered || !entry.Contact.MayBeOfferedAt(now, _zone))
        {
            return null;
        }

        var chosen = Eligibility.Choose(candidates.Where(c => !_responders.IsHoldingOffer(c.ResponderId) && !entry.DeclinedBy.Contains(c.ResponderId)), entry.Contact.PreferredResponderId);
        return chosen is null ? null : MakeOffer(entry, chosen.ResponderId, now, escalated: true);
    }

    /// <summary>
    /// A supervisor chose who gets a waiting contact: its open offer (returned, for the
    /// responder to be told) is withdrawn and it is offered to <paramref name="chosen"/>, who
    /// must be eligible as for any offer, except that an earlier decline does not count.
    /// </summary>
    public (Offer Made, Offer? Withdrawn) OfferToChosen(Guid contactId, ResponderAvailability chosen, DateTimeOffset now)
    {
        var entry = _queue.Find(contactId) ?? throw new Errors.FailedPreconditionException("ContactId", "the contact is not waiting in this region");
        if (entry.Contact.RequiredResponderId is not null)
        {
            throw new Errors.FailedPreconditionException("ContactId", "a transfer meant for one responder cannot be given to another");
        }

        _queue.Relax(entry, now);
        if (!entry.Contact.MayBeOfferedAt(now, _zone))
        {
            throw new Errors.FailedPreconditionException("ContactId", entry.Contact.Held
                ? "the caller was not safe at the last contact; a responder must clear it before the case's work is offered"
                : "the case's safe window is closed; it is offered when the window opens");
        }

        var current = entry.CurrentOffer;
        var holding = _outstanding.TryGetValue(chosen.ResponderId, out var held) && held.ContactId != contactId;
        if (current?.ResponderId == chosen.ResponderId)
        {
            throw new Errors.FailedPreconditionException("ResponderId", "the contact is already offered to this responder");
        }

        var reason = holding ? "the responder holds another offer" : Eligibility.WhyNot(chosen, entry.Needs);
        if (reason is not null)
        {
            throw new Errors.FailedPreconditionException("ResponderId", $"{reason}");
        }

        if (current is not null)
        {
            ClearOffer(current);
        }

        entry.DeclinedBy.Remove(chosen.ResponderId);
        return (MakeOffer(entry, chosen.ResponderId, now, escalated: chosen.HomeRegion != Region), current);
    }

    /// <summary>Offers whose deadline passed: the contact keeps its place, the responder is set away.</summary>
    public List<Offer> ExpireOffers(DateTimeOffset now)
    {
        var expired = new List<Offer>();
        foreach (var offer in _outstanding.Values)
        {
            if (offer.Deadline <= now)
            {
                expired.Add(offer);
            }
        }

        foreach (var offer in expired)
        {
            ClearOffer(offer);
            if (_responders.All.TryGetValue(offer.ResponderId, out var r))
            {
                // Until the responder grain confirms, assume the worst: they are not there.
                _responders.Set(r with { Presence = Presence.Away });
            }
        }

        return expired;
    }

    /// <summary>
    /// The responder said no: the contact keeps its place and is not offered to them again,
    /// unless it was meant for them alone (a transfer), which then leaves the queue.
    /// </summary>
    public DeclineOutcome Decline(Guid offerId, Guid contactId, string responderId)
    {
        var entry = _queue.Find(contactId);
        if (entry?.CurrentOffer is not { } offer || offer.OfferId != offerId || offer.ResponderId != responderId)
        {
            return DeclineOutcome.NotOpen;
        }

        if (entry.Contact.RequiredResponderId == responderId)
        {
            Remove(contactId);
            return DeclineOutcome.Withdrawn;
        }

        entry.DeclinedBy.Add(responderId);
        ClearOffer(offer);
        return DeclineOutcome.Waiting;
    }

    /// <summary>The offers out to <paramref name="responderId"/> now.</summary>
    public List<Offer> OffersTo(string responderId) =>
        [.. _queue.InOrder.Select(e => e.CurrentOffer).OfType<Offer>().Where(o => o.ResponderId == responderId)];

    /// <summary>The responder grain refused the offer (busy elsewhere); try someone else.</summary>
    public bool Refused(Guid offerId, Guid contactId)
    {
        var entry = _queue.Find(contactId);
        if (entry?.CurrentOffer is not { } offer || offer.OfferId != offerId)
        {
            return false;
        }

        ClearOffer(offer);
        return true;
    }

    /// <summary>
    /// The one place an offer becomes a connection: it must still be the current offer and
    /// within its deadline. Returns the contact, now out of the queue.
    /// </summary>
    public WaitingContact ConfirmAccept(Guid offerId, Guid contactId, string responderId, DateTimeOffset now)
    {
        var entry = _queue.Find(contactId);
        if (entry?.CurrentOffer is not { } offer || offer.OfferId != offerId || offer.ResponderId != responderId)
        {
            throw new Errors.FailedPreconditionException("offer is no longer open: it was rescinded, expired or the contact was taken");
        }

        if (offer.Deadline <= now)
        {
            throw new Errors.FailedPreconditionException("offer expired before it was accepted");
        }

        Remove(contactId);
        return entry.Contact;
    }

    /// <summary>
    /// Whether the entry may be offered now: a caller holding always; a call-back once its retry
    /// delay has passed and while its channel is open.
    /// </summary>
    private bool IsDue(QueueEntry entry, DateTimeOffset now) =>
        entry.Contact.CallBack is not { } turn || (turn.NotBefore <= now && Hours.IsOpen(entry.Contact.Needs.Channel, now));

    /// <summary>
    /// Who may take this entry here: everyone eligible for what it still needs, or only the
    /// responder it is meant for, or only the triage group it is diverted to (nobody here when it
    /// is diverted to another region).
    /// </summary>
    private IEnumerable<ResponderAvailability> Candidates(QueueEntry entry)
    {
        var eligible = _responders.Eligible(entry.Needs, entry.DeclinedBy);
        if (entry.Contact.RequiredResponderId is { } required)
        {
            return eligible.Where(r => r.ResponderId == required);
        }

        return Surge.For(entry.Contact) is { } diverted ? eligible.Where(r => SurgeMode.Admits(diverted, r.ResponderId)) : eligible;
    }

    private Offer MakeOffer(QueueEntry entry, string responderId, DateTimeOffset now, bool escalated)
    {
        var c = entry.Contact;
        var offer = new Offer(HotlineIds.NewOfferId(), c.ContactId, c.CaseId, c.Region, entry.Needs, c.Urgency, now + options.OfferTimeout, responderId, escalated, c.Kind, c.CallBack);
        entry.CurrentOffer = offer;
        _outstanding[responderId] = offer;
        _responders.SetHoldingOffer(responderId, true);
        return offer;
    }

    private void ClearOffer(Offer offer)
    {
        if (_queue.Find(offer.ContactId) is { } entry && entry.CurrentOffer?.OfferId == offer.OfferId)
        {
            entry.CurrentOffer = null;
        }

        ReleaseResponder(offer);
    }

    private void ReleaseResponder(Offer offer)
    {
        if (_outstanding.TryGetValue(offer.ResponderId, out var held) && held.OfferId == offer.OfferId)
        {
            _outstanding.Remove(offer.ResponderId);
            _responders.SetHoldingOffer(offer.ResponderId, false);
        }
    }
}

/// <summary>What a decline did.</summary>
public enum DeclineOutcome
{
    /// <summary>The offer was no longer open.</summary>
    NotOpen = 0,

    /// <summary>The contact waits for someone else.</summary>
    Waiting = 1,

    /// <summary>The item was meant for that responder alone and left the queue.</summary>
    Withdrawn = 2,
}
