using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hotline.Bench;

/// <summary>One contact between the operator who opened it and the responder who completes it.</summary>
public sealed class ContactFlight(Guid contactId, long openedAt)
{
    private int _offered;

    public Guid ContactId => contactId;

    /// <summary>Stopwatch timestamp taken just before OpenContact was sent.</summary>
    public long OpenedAt => openedAt;

    /// <summary>Completed by the responder side once CompleteContact returned.</summary>
    public TaskCompletionSource<long> Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True the first time only: later offers of the same contact are re-offers.</summary>
    public bool MarkOffered() => Interlocked.Exchange(ref _offered, 1) == 0;

    public bool WasOffered => Volatile.Read(ref _offered) == 1;
}

/// <summary>
/// Contacts in flight, keyed by contact id. The operator registers a contact before sending
/// OpenContact (the id derives from the request id), because the offer can reach a responder's
/// stream before the OpenContact response reaches the operator.
/// </summary>
public sealed class ContactTracker(MeasuredWindow window)
{
    private readonly ConcurrentDictionary<Guid, ContactFlight> _flights = new();
    private long _opened;
    private long _offered;
    private long _completed;
    private long _completedInWindow;
    private long _waiting;

    public long Opened => Interlocked.Read(ref _opened);

    public long Offered => Interlocked.Read(ref _offered);

    public long Completed => Interlocked.Read(ref _completed);

    public long CompletedInWindow => Interlocked.Read(ref _completedInWindow);

    public int InFlight => _flights.Count;

    /// <summary>Contacts opened (or being opened) and not yet offered to anyone.</summary>
    public long Waiting => Interlocked.Read(ref _waiting);

    public ContactFlight Begin(Guid contactId)
    {
        var flight = new ContactFlight(contactId, Stopwatch.GetTimestamp());
        if (!_flights.TryAdd(contactId, flight))
        {
            throw new InvalidOperationException($"Contact {contactId} is already in flight.");
        }

        Interlocked.Increment(ref _opened);
        Interlocked.Increment(ref _waiting);
        return flight;
    }

    public bool TryGet(Guid contactId, out ContactFlight flight) => _flights.TryGetValue(contactId, out flight!);

    /// <summary>The first offer of a contact; false for a contact this run is not tracking or a re-offer.</summary>
    public bool TryFirstOffer(Guid contactId, out ContactFlight flight)
    {
        if (_flights.TryGetValue(contactId, out flight!) && flight.MarkOffered())
        {
            Interlocked.Increment(ref _offered);
            Interlocked.Decrement(ref _waiting);
            return true;
        }

        return false;
    }

    public void Complete(Guid contactId)
    {
        if (_flights.TryRemove(contactId, out var flight))
        {
            var now = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _completed);
            if (window.Contains(now))
            {
                Interlocked.Increment(ref _completedInWindow);
            }

            flight.Completed.TrySetResult(now);
        }
    }

    /// <summary>The operator gave up on it (open failed or it never completed).</summary>
    public void Forget(Guid contactId)
    {
        // Claiming the first-offer flag keeps "waiting" honest if an offer races with this.
        if (_flights.TryRemove(contactId, out var flight) && flight.MarkOffered())
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}
