namespace Hotline.Routing;

/// <summary>
/// A region's responders, with those free to take an offer right now indexed by language
/// and by skill. Choosing a responder reads only the smallest index that every candidate
/// must be in, so its cost follows how many could fit, not how many responders there are.
/// </summary>
public sealed class ResponderPool
{
    private static readonly HashSet<string> None = [];

    private readonly Dictionary<string, ResponderAvailability> _all = new(StringComparer.Ordinal);

    // Responders holding an offer from this region's dispatcher: never offered a second.
    private readonly HashSet<string> _holdingOffer = new(StringComparer.Ordinal);

    // Free responders as they were indexed, so an update removes exactly what was added.
    private readonly Dictionary<string, ResponderAvailability> _free = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _freeByLanguage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _freeBySkill = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, ResponderAvailability> All => _all;

    /// <summary>How many could take an offer now, whatever it needs.</summary>
    public int FreeCount => _free.Count;

    public void Set(ResponderAvailability availability)
    {
        _all[availability.ResponderId] = availability;
        Reindex(availability.ResponderId);
    }

    public void Remove(string responderId)
    {
        _all.Remove(responderId);
        Reindex(responderId);
    }

    public void SetHoldingOffer(string responderId, bool holding)
    {
        if (holding ? _holdingOffer.Add(responderId) : _holdingOffer.Remove(responderId))
        {
            Reindex(responderId);
        }
    }

    public bool IsHoldingOffer(string responderId) => _holdingOffer.Contains(responderId);

    /// <summary>Everyone who may be offered a contact with these needs; see <see cref="Eligibility.IsEligible"/>.</summary>
    public IEnumerable<ResponderAvailability> Eligible(ContactNeeds needs, IReadOnlySet<string>? exclude)
    {
        var smallest = _freeByLanguage.GetValueOrDefault(needs.Language) ?? None;
        foreach (var skill in needs.Skills)
        {
            var withSkill = _freeBySkill.GetValueOrDefault(skill) ?? None;
            if (withSkill.Count < smallest.Count)
            {
                smallest = withSkill;
            }
        }

        foreach (var id in smallest)
        {
            var responder = _free[id];
            if (Eligibility.IsEligible(responder, needs, exclude))
            {
                yield return responder;
            }
        }
    }

    private void Reindex(string responderId)
    {
        if (_free.Remove(responderId, out var indexed))
        {
            Unindex(_freeByLanguage, indexed.Languages, responderId);
            Unindex(_freeBySkill, indexed.Skills, responderId);
        }

        if (_all.TryGetValue(responderId, out var current) && IsFree(current))
        {
            _free.Add(responderId, current);
            Index(_freeByLanguage, current.Languages, responderId);
            Index(_freeBySkill, current.Skills, responderId);
        }
    }

    private bool IsFree(ResponderAvailability r) =>
        r.Presence == Domain.Presence.Available && r.Connected && r.PendingOfferContactId is null
        && !_holdingOffer.Contains(r.ResponderId) && r.Channels.Any(c => c.Load < c.Capacity);

    private static void Index(Dictionary<string, HashSet<string>> index, string[] keys, string responderId)
    {
        foreach (var key in keys)
        {
            if (!index.TryGetValue(key, out var set))
            {
                index[key] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(responderId);
        }
    }

    private static void Unindex(Dictionary<string, HashSet<string>> index, string[] keys, string responderId)
    {
        foreach (var key in keys)
        {
            if (index.TryGetValue(key, out var set) && set.Remove(responderId) && set.Count == 0)
            {
                index.Remove(key);
            }
        }
    }
}
