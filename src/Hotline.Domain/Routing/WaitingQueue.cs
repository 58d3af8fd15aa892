namespace Hotline.Routing;

/// <summary>A contact in a dispatcher's queue, with the offer it is out on (if any).</summary>
public sealed class QueueEntry(WaitingContact contact, long sequence)
{
    public WaitingContact Contact { get; private set; } = contact;

    /// <summary>Arrival order inside the dispatcher; breaks ties between equal timestamps.</summary>
    public long Sequence { get; } = sequence;

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
/// Waiting contacts ordered by urgency (most urgent first), then by arrival. An entry keeps
/// its key while it is out on an offer, so a declined or missed offer leaves it in its
/// old place.
/// </summary>
public sealed class WaitingQueue
{
    private readonly SortedSet<QueueEntry> _ordered = new(EntryOrder.Instance);
    private readonly Dictionary<Guid, QueueEntry> _byId = [];
    private long _nextSequence;

    public int Count => _byId.Count;

    public IEnumerable<QueueEntry> InOrder => _ordered;

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
        _ordered.Add(entry);
        return entry;
    }

    /// <summary>Puts a newer version of a waiting contact in the entry, keeping the entry's place among equals (its sequence).</summary>
    public void Replace(QueueEntry entry, WaitingContact contact)
    {
        _ordered.Remove(entry);
        entry.Update(contact);
        _ordered.Add(entry);
    }

    public QueueEntry? Remove(Guid contactId)
    {
        if (!_byId.Remove(contactId, out var entry))
        {
            return null;
        }

        _ordered.Remove(entry);
        return entry;
    }

    private sealed class EntryOrder : IComparer<QueueEntry>
    {
        public static readonly EntryOrder Instance = new();

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

            var byUrgency = ((int)y.Contact.Urgency).CompareTo((int)x.Contact.Urgency);
            if (byUrgency != 0)
            {
                return byUrgency;
            }

            var byAge = x.Contact.EnqueuedAt.CompareTo(y.Contact.EnqueuedAt);
            return byAge != 0 ? byAge : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
