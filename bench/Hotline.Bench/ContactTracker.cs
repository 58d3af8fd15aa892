using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hotline.Bench;

/// <summary>
/// One contact between the operator who opened it and the responder who completes it. Either
/// side may create it: the offer can reach a responder's stream before the OpenContact answer
/// (which names the contact) reaches the operator.
/// </summary>
public sealed class ContactFlight
{
    private long _openedAt;
    private long _offeredAt;
    private int _measured;

    /// <summary>Stopwatch timestamp taken just before OpenContact was sent; 0 until the operator claims it.</summary>
    public long OpenedAt => Interlocked.Read(ref _openedAt);

    public bool IsClaimed => OpenedAt != 0;

    public bool WasOffered => Interlocked.Read(ref _offeredAt) > 0;

    /// <summary>Completed with the time CompleteContact returned.</summary>
    public TaskCompletionSource<long> Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal void Claim(long openedAt) => Interlocked.Exchange(ref _openedAt, openedAt);

    /// <summary>True the first time only: later offers of the same contact are re-offers.</summary>
    internal bool MarkOffered(long seenAt) => Interlocked.CompareExchange(ref _offeredAt, seenAt, 0) == 0;

    /// <summary>
    /// Both times, once both sides have reported, to whichever side reported second. Each side
    /// writes its own time with a full fence before reading the other's, so one of them sees both.
    /// </summary>
    internal bool TryTakeIntakeToOffer(out long openedAt, out long offeredAt)
    {
        openedAt = Interlocked.Read(ref _openedAt);
        offeredAt = Interlocked.Read(ref _offeredAt);
        return openedAt > 0 && offeredAt > 0 && Interlocked.Exchange(ref _measured, 1) == 0;
    }
}

/// <summary>A contact being opened: the operator holds this until OpenContact answers with its id.</summary>
public readonly record struct Opening(long OpenedAt);

/// <summary>
/// Contacts in flight, keyed by the contact id the hotline chose. An offer that arrives before
/// the OpenContact answer waits here unclaimed; the operator claims it when the answer names it,
/// and intake→offer is recorded then, still measured from when OpenContact was sent.
/// </summary>
public sealed class ContactTracker(MeasuredWindow window, LatencyRecorder intakeToOffer)
{
    /// <summary>Marks a flight offered without a time, so it is never measured.</summary>
    private const long GaveUp = -1;

    private readonly ConcurrentDictionary<Guid, ContactFlight> _flights = new();
    private long _opened;
    private long _offered;
    private long _completed;
    private long _completedInWindow;
    private long _waiting;
    private long _inFlight;

    public long Opened => Interlocked.Read(ref _opened);

    public long Offered => Interlocked.Read(ref _offered);

    public long Completed => Interlocked.Read(ref _completed);

    public long CompletedInWindow => Interlocked.Read(ref _completedInWindow);

    /// <summary>Contacts being opened or opened, not yet completed or given up.</summary>
    public int InFlight => (int)Interlocked.Read(ref _inFlight);

    /// <summary>Contacts opened (or being opened) and not yet offered to anyone.</summary>
    public long Waiting => Interlocked.Read(ref _waiting);

    /// <summary>Offers no operator of this run claimed (contacts of an earlier run, or opens that failed).</summary>
    public int Unclaimed => _flights.Values.Count(f => !f.IsClaimed);

    /// <summary>Taken just before OpenContact is sent.</summary>
    public Opening Begin()
    {
        Interlocked.Increment(ref _opened);
        Interlocked.Increment(ref _waiting);
        Interlocked.Increment(ref _inFlight);
        return new Opening(Stopwatch.GetTimestamp());
    }

    /// <summary>OpenContact answered with <paramref name="contactId"/>: the flight, possibly offered already.</summary>
    public ContactFlight Claim(Opening opening, Guid contactId)
    {
        var flight = _flights.GetOrAdd(contactId, _ => new ContactFlight());
        flight.Claim(opening.OpenedAt);
        MeasureIntakeToOffer(flight);
        return flight;
    }

    /// <summary>OpenContact failed: nothing to claim.</summary>
    public void Abandon()
    {
        Interlocked.Decrement(ref _waiting);
        Interlocked.Decrement(ref _inFlight);
    }

    /// <summary>An offer seen on a responder's stream; false for a re-offer.</summary>
    public bool Offer(Guid contactId, long seenAt)
    {
        var flight = _flights.GetOrAdd(contactId, _ => new ContactFlight());
        if (!flight.MarkOffered(seenAt))
        {
            return false;
        }

        MeasureIntakeToOffer(flight);
        return true;
    }

    /// <summary>CompleteContact returned; the operator who claimed the contact learns when.</summary>
    public void Complete(Guid contactId)
    {
        if (_flights.TryGetValue(contactId, out var flight))
        {
            flight.Completed.TrySetResult(Stopwatch.GetTimestamp());
        }
    }

    /// <summary>The operator saw its contact completed at <paramref name="completedAt"/>.</summary>
    public void Finish(Guid contactId, long completedAt)
    {
        Interlocked.Increment(ref _completed);
        if (window.Contains(completedAt))
        {
            Interlocked.Increment(ref _completedInWindow);
        }

        Remove(contactId);
    }

    /// <summary>The operator gave up on it (it never completed, or the run was cancelled).</summary>
    public void Forget(Guid contactId)
    {
        // Taking the first-offer mark keeps "waiting" honest if an offer races with this; an
        // offer marked first is measured (and leaves "waiting") on its own side.
        if (_flights.TryGetValue(contactId, out var flight) && flight.MarkOffered(GaveUp))
        {
            Interlocked.Decrement(ref _waiting);
        }

        Remove(contactId);
    }

    private void Remove(Guid contactId)
    {
        _flights.TryRemove(contactId, out _);
        Interlocked.Decrement(ref _inFlight);
    }

    private void MeasureIntakeToOffer(ContactFlight flight)
    {
        if (flight.TryTakeIntakeToOffer(out var openedAt, out var offeredAt))
        {
            Interlocked.Increment(ref _offered);
            Interlocked.Decrement(ref _waiting);
            intakeToOffer.Record(openedAt, offeredAt);
        }
    }
}
