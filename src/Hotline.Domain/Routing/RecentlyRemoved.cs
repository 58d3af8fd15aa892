namespace Hotline.Routing;

/// <summary>
/// Contacts that left a dispatcher's queue lately (connected, abandoned, moved), so that a late
/// or repeated enqueue of one of them is ignored. Bounded: the oldest are forgotten first.
/// </summary>
public sealed class RecentlyRemoved(int limit = 10_000)
{
    private readonly HashSet<Guid> _ids = [];
    private readonly Queue<Guid> _order = new();

    public bool Contains(Guid contactId) => _ids.Contains(contactId);

    public void Add(Guid contactId)
    {
        if (_ids.Add(contactId))
        {
            _order.Enqueue(contactId);
            if (_order.Count > limit)
            {
                _ids.Remove(_order.Dequeue());
            }
        }
    }

    /// <summary>The contact is back (returned or moved in): it may be enqueued again.</summary>
    public void Forget(Guid contactId) => _ids.Remove(contactId);
}
