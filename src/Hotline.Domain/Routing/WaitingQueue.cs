using Hotline.Domain;

namespace Hotline.Routing;

/// <summary>A contact in a dispatcher's queue, with the offer it is out on (if any).</summary>
public sealed class QueueEntry(WaitingContact contact, long sequence)
{
    /// <summary>The contact; its routing rules may change while it waits (<see cref="Dispatcher.UpdateWaiting"/>), never its urgency or arrival, which order the queue.</summary>
    public WaitingContact Contact { get; private set; } = contact;

    /// <summary>Arrival order inside the dispatcher; breaks ties between equal timestamps.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The urgency it counts as now: its own, stepped up with waiting (<see cref="WaitingRules"/>).</summary>
    public Urgency Urgency { get; internal set; } = contact.Urgency;

    /// <summary>What it still needs: its own needs less the skills (or language) dropped with waiting.</summary>
    public ContactNeeds Needs { get; internal set; } = contact.Needs;

    /// <summary>True when its urgency has stepped up with waiting.</summary>
    public bool Aged => Urgency != Contact.Urgency;

    /// <summary>True when a skill or its language is no longer required.</summary>
    public bool Relaxed => !ReferenceEquals(Needs, Contact.Needs);

    /// <summary>When something more of its needs is dropped; null when nothing more will be.</summary>
    internal DateTimeOffset? RelaxesAt { get; set; }

    public HashSet<string> DeclinedBy { get; } = new(StringComparer.Ordinal);

    public Offer? CurrentOffer { get; set; }

    public bool IsOffered => CurrentOffer is not null;

    internal void Update(WaitingContact contact) => Contact = contact;

    /// <summary>Counted once in the day's "escalated out" when first offered beyond the region.</summary>
    public bool EscalationCounted { get; set; }

    /// <summary>A crisis contact's second alert (not connected in time) has been raised.</summary>
    public bool Realerted { get; set; }
}

/// <summary>
/// Waiting contacts ordered by the urgency they count as (most urgent first), then by arrival.
/// An entry keeps its place while it is out on an offer, so a declined or missed offer leaves it
/// where it was. With <see cref="WaitingRules"/>, <see cref="Advance"/> steps urgencies up and
/// <see cref="Relax"/> drops relaxed needs of an entry when it is looked at; a stepped-up entry
/// moves to its new urgency at its arrival position there.
/// </summary>
/// <remarks>
/// One sorted set per urgency, each in arrival order. A step depends only on the wait, so the
/// entries due to step up from one urgency are always the oldest there: advancing reads the first
/// of each set and moves only those due, whatever the queue's length.
/// </remarks>
public sealed class WaitingQueue(WaitingRules? rules = null)
{
    private const int Levels = (int)Urgency.ImminentDanger + 1;

    private readonly SortedSet<QueueEntry>[] _byUrgency = [.. Enumerable.Range(0, Levels).Select(_ => new SortedSet<QueueEntry>(ArrivalOrder.Instance))];
    private readonly Dictionary<Guid, QueueEntry> _byId = [];
    private long _nextSequence;

    public int Count => _byId.Count;

    /// <summary>Every entry, most urgent first, then by arrival (see <see cref="QueueOrder"/>).</summary>
    public QueueOrder InOrder => new(_byUrgency);

    public bool Contains(Guid contactId) => _byId.ContainsKey(contactId);

    public QueueEntry? Find(Guid contactId) => _byId.GetValueOrDefault(contactId);

    /// <summary>Adds a contact; returns the existing entry when it is already waiting.</summary>
    public QueueEntry Add(WaitingContact contact)
    {
        if (_byId.TryGetValue(contact.ContactId, out var existing))
        {
            return existing;
        }

        var entry = new QueueEntry(contact, _nextSequence++);
        _byId.Add(contact.ContactId, entry);
        _byUrgency[(int)entry.Urgency].Add(entry);
        if (rules is { Relaxes: true } && rules.NextRelaxation(contact.Needs, TimeSpan.Zero) is { } first)
        {
            entry.RelaxesAt = contact.EnqueuedAt + first;
        }

        return entry;
    }

    /// <summary>Puts a newer version of a waiting contact in the entry, keeping the entry's place among equals (its sequence).</summary>
    public void Replace(QueueEntry entry, WaitingContact contact)
    {
        var set = _byUrgency[(int)entry.Urgency];
        set.Remove(entry);
        entry.Update(contact);

        // Its needs may have changed: what waiting drops is worked out again from them.
        entry.Needs = contact.Needs;
        entry.RelaxesAt = rules is { Relaxes: true } && rules.NextRelaxation(contact.Needs, TimeSpan.Zero) is { } first ? contact.EnqueuedAt + first : null;
        set.Add(entry);
    }

    public QueueEntry? Remove(Guid contactId)
    {
        if (!_byId.Remove(contactId, out var entry))
        {
            return null;
        }

        _byUrgency[(int)entry.Urgency].Remove(entry);
        return entry;
    }

    /// <summary>
    /// Steps up the urgencies that waiting until <paramref name="now"/> raises; returns how many
    /// entries moved. Cheap when nothing is due: it reads the first entry of each urgency.
    /// </summary>
    public int Advance(DateTimeOffset now)
    {
        var changed = 0;
        if (rules is { Ages: true })
        {
            // Upwards, so a contact due for two steps takes both in one pass.
            for (var u = Urgency.Low; u < Urgency.ImminentDanger; u++)
            {
                if (rules.StepAfter(u) is not { } after)
                {
                    continue;
                }

                var from = _byUrgency[(int)u];
                while (from.Count > 0 && from.Min!.Contact.EnqueuedAt + after <= now)
                {
                    var entry = from.Min;
                    from.Remove(entry);
                    entry.Urgency = u + 1;
                    _byUrgency[(int)entry.Urgency].Add(entry);
                    changed++;
                }
            }
        }

        return changed;
    }

    /// <summary>
    /// Drops what <paramref name="entry"/> no longer needs after waiting until
    /// <paramref name="now"/>: one comparison unless a relaxation has come due. Called for each
    /// entry the dispatcher looks at, so an entry that left the queue is never touched again.
    /// </summary>
    public void Relax(QueueEntry entry, DateTimeOffset now)
    {
        if (entry.RelaxesAt is not { } at || at > now || rules is null)
        {
            return;
        }

        var waited = now - entry.Contact.EnqueuedAt;
        entry.Needs = rules.Relaxed(entry.Contact.Needs, waited);
        entry.RelaxesAt = rules.NextRelaxation(entry.Contact.Needs, waited) is { } next ? entry.Contact.EnqueuedAt + next : null;
    }

    private sealed class ArrivalOrder : IComparer<QueueEntry>
    {
        public static readonly ArrivalOrder Instance = new();

        public int Compare(QueueEntry? x, QueueEntry? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            var byAge = x.Contact.EnqueuedAt.CompareTo(y.Contact.EnqueuedAt);
            return byAge != 0 ? byAge : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
