using Hotline.Supervision;

namespace Hotline.Routing;

/// <summary>
/// Whether a region's queue takes one more contact: at most <c>maxWaiting</c> waiting, counting
/// the intakes admitted and not yet arrived (their record is being written). A refusal alerts
/// the region's supervisors, once per <c>realertAfter</c> while the queue stays full, rather
/// than once per caller refused.
/// </summary>
public sealed class Admission(string region, int maxWaiting, TimeSpan realertAfter)
{
    /// <summary>How long an admitted intake holds its place before it must have arrived (its write failed, say).</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(30);

    private readonly Dictionary<Guid, DateTimeOffset> _admitted = [];
    private DateTimeOffset? _fullSince;
    private DateTimeOffset _lastAlert = DateTimeOffset.MinValue;

    public int MaxWaiting => maxWaiting;

    /// <summary>
    /// Admits <paramref name="contactId"/> when the queue, now holding <paramref name="waiting"/>,
    /// has room; otherwise refuses it, with an alert for supervisors when one is due.
    /// </summary>
    public (bool Admitted, CrisisAlert? Alert) TryAdmit(Guid contactId, int waiting, DateTimeOffset now)
    {
        foreach (var (id, at) in _admitted.Where(a => a.Value + Hold <= now).ToList())
        {
            _admitted.Remove(id);
        }

        if (_admitted.ContainsKey(contactId) || waiting + _admitted.Count < maxWaiting)
        {
            _admitted[contactId] = now;
            _fullSince = null;
            return (true, null);
        }

        _fullSince ??= now;
        if (now - _lastAlert < realertAfter)
        {
            return (false, null);
        }

        _lastAlert = now;
        return (false, new CrisisAlert(region, AlertReason.QueueFull, Guid.Empty, null, null, _fullSince.Value, now));
    }

    /// <summary>The admitted contact is in the queue: it counts there now.</summary>
    public void Arrived(Guid contactId) => _admitted.Remove(contactId);
}
