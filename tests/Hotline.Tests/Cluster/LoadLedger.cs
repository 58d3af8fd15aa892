using System.Collections.Concurrent;
using System.Diagnostics;
using Hotline.Api.V1;

namespace Hotline.Tests.Cluster;

/// <summary>
/// What the operators and responders of a load test saw, as they saw it: contacts acknowledged,
/// offers that reached a responder's stream, accepts that succeeded, contacts in hand at once.
/// The verdict compares it with what the hotline reports afterwards.
/// </summary>
public sealed class LoadLedger
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, TimeSpan> _acknowledged = new();
    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> _acceptedBy = new();
    private readonly ConcurrentDictionary<string, ConcurrentBag<(string ResponderId, TimeSpan At)>> _offersSeen = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, TimeSpan>> _inHand = new();
    private readonly ConcurrentQueue<string> _overCapacityCases = new();
    private readonly ConcurrentDictionary<string, int> _setAway = new();
    private int _overCapacity;
    private int _refusedOpens;

    public TimeSpan Now => _clock.Elapsed;

    public ICollection<string> Acknowledged => _acknowledged.Keys;

    public int OverCapacity => _overCapacity;

    /// <summary>Each time a responder had more in hand than their capacity: who, and which contacts.</summary>
    public IReadOnlyCollection<string> OverCapacityCases => _overCapacityCases;

    public int RefusedOpens => _refusedOpens;

    /// <summary>Responders whose stream told them they were set away (after an offer lapsed).</summary>
    public IReadOnlyDictionary<string, int> SetAway => _setAway;

    public void Opened(string contactId) => _acknowledged[contactId] = Now;

    public void OpenRefused() => Interlocked.Increment(ref _refusedOpens);

    /// <summary>Notes what a responder's stream delivered; returns the offer in it, if any.</summary>
    public Offer? Saw(string responderId, ResponderEvent e)
    {
        if (e.EventCase == ResponderEvent.EventOneofCase.PresenceChanged && e.PresenceChanged == Presence.Away)
        {
            _setAway.AddOrUpdate(responderId, 1, (_, n) => n + 1);
        }

        var offer = e.OfferMade ?? e.State?.PendingOffer;
        if (offer is not null)
        {
            _offersSeen.GetOrAdd(offer.ContactId, _ => []).Add((responderId, Now));
        }

        return offer;
    }

    public void Accepted(string responderId, string contactId)
    {
        _acceptedBy.GetOrAdd(contactId, _ => []).Add(responderId);
        var hand = _inHand.GetOrAdd(responderId, _ => new());
        hand[contactId] = Now;
        if (hand.Count > 1)
        {
            Interlocked.Increment(ref _overCapacity);
            _overCapacityCases.Enqueue($"{responderId} at {Now.TotalSeconds:F1} s accepted {contactId} holding {string.Join(", ", hand.Select(h => $"{h.Key} since {h.Value.TotalSeconds:F1} s"))}");
        }
    }

    public void PutDown(string responderId, string contactId) => _inHand.GetOrAdd(responderId, _ => new()).TryRemove(contactId, out _);

    /// <summary>Still waiting for a responder as of <paramref name="since"/>: queued, or offered without the offer having reached that responder's stream since.</summary>
    public bool Waiting(string contactId, Contact? contact, TimeSpan since) =>
        contact?.Status == ContactStatus.Queued
        || (contact is { Status: ContactStatus.Offered } offered
            && !(_offersSeen.TryGetValue(contactId, out var seen) && seen.Any(o => o.ResponderId == offered.ResponderId && o.At > since)));

    /// <summary>Acknowledged and then gone, or in no state a contact can be in.</summary>
    public static int Lost(IReadOnlyDictionary<string, Contact?> states) =>
        states.Count(s => s.Value is null || s.Value.Status is not (ContactStatus.Queued or ContactStatus.Offered or ContactStatus.Connected or ContactStatus.Completed));

    /// <summary>Accepted by two responders, or connected to one while another's accept succeeded.</summary>
    public int Doubled(IReadOnlyDictionary<string, Contact?> states) =>
        _acceptedBy.Count(a => a.Value.Distinct().Count() > 1)
        + states.Count(s => s.Value?.Status is ContactStatus.Connected or ContactStatus.Completed
            && _acceptedBy.TryGetValue(s.Key, out var by) && by.Any(r => r != s.Value.ResponderId));
}
