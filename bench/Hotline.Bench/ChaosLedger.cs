using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hotline.Bench;

/// <summary>What the chaos report needs to know of one contact; Stopwatch timestamps, 0 until it happened.</summary>
public sealed class ChaosContact
{
    private readonly ConcurrentDictionary<string, byte> _acceptedBy = new(StringComparer.Ordinal);
    private long _firstOfferAt;
    private long _connectedAt;
    private long _completedAt;

    /// <summary>The operator who opened it: only they (or a supervisor) may read it afterwards.</summary>
    public BenchOperator? Operator { get; private set; }

    /// <summary>When OpenContact was first sent, before any retry.</summary>
    public long FirstAttemptAt { get; private set; }

    public long AcknowledgedAt { get; private set; }

    public long FirstOfferAt => Interlocked.Read(ref _firstOfferAt);

    /// <summary>When the first accept of it succeeded.</summary>
    public long ConnectedAt => Interlocked.Read(ref _connectedAt);

    public long CompletedAt => Interlocked.Read(ref _completedAt);

    public bool Acknowledged => AcknowledgedAt != 0;

    /// <summary>Responders whose accept of it succeeded; more than one is a doubled contact.</summary>
    public int AcceptedBy => _acceptedBy.Count;

    internal void Acknowledge(BenchOperator op, long firstAttemptAt, long at) => (Operator, FirstAttemptAt, AcknowledgedAt) = (op, firstAttemptAt, at);

    internal void Offered(long at) => Interlocked.CompareExchange(ref _firstOfferAt, at, 0);

    internal void Accepted(string responderId, long at)
    {
        _acceptedBy.TryAdd(responderId, 0);
        Interlocked.CompareExchange(ref _connectedAt, at, 0);
    }

    internal void Completed(long at) => Interlocked.CompareExchange(ref _completedAt, at, 0);
}

/// <summary>
/// Everything operators and responders saw during a chaos run, per contact and per responder,
/// so that lost, doubled and delayed contacts can be told apart afterwards.
/// </summary>
public sealed class ChaosLedger
{
    private readonly ConcurrentDictionary<Guid, ChaosContact> _contacts = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _offersSeen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lastMissed = new(StringComparer.Ordinal);
    private long _setAway;
    private long _setAwayUnseen;

    /// <summary>The contacts OpenContact answered for, by id.</summary>
    public IEnumerable<KeyValuePair<Guid, ChaosContact>> Acknowledged => _contacts.Where(c => c.Value.Acknowledged);

    /// <summary>Responders the hotline set away after a missed offer.</summary>
    public long SetAway => Interlocked.Read(ref _setAway);

    /// <summary>Of those, the ones whose missed offer never reached their stream.</summary>
    public long SetAwayByUnseenOffer => Interlocked.Read(ref _setAwayUnseen);

    /// <summary>OpenContact answered, after retries, with <paramref name="contactId"/>.</summary>
    public void Acknowledge(Guid contactId, BenchOperator op, long firstAttemptAt)
    {
        Of(contactId).Acknowledge(op, firstAttemptAt, Stopwatch.GetTimestamp());
    }

    public void Offered(string responderId, string offerId, Guid contactId, long seenAt)
    {
        _offersSeen.GetOrAdd(responderId, _ => new(StringComparer.Ordinal)).TryAdd(offerId, 0);
        Of(contactId).Offered(seenAt);
    }

    public void Accepted(string responderId, Guid contactId) => Of(contactId).Accepted(responderId, Stopwatch.GetTimestamp());

    public void Completed(Guid contactId) => Of(contactId).Completed(Stopwatch.GetTimestamp());

    /// <summary>An offer withdrawn as missed; the hotline sets the responder away right after.</summary>
    public void Missed(string responderId, string offerId) => _lastMissed[responderId] = offerId;

    public void SetAwayByHotline(string responderId)
    {
        Interlocked.Increment(ref _setAway);
        var seen = _lastMissed.TryGetValue(responderId, out var offerId)
            && _offersSeen.TryGetValue(responderId, out var offers) && offers.ContainsKey(offerId);
        if (!seen)
        {
            Interlocked.Increment(ref _setAwayUnseen);
        }
    }

    private ChaosContact Of(Guid contactId) => _contacts.GetOrAdd(contactId, _ => new ChaosContact());
}
