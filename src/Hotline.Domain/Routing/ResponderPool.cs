using Hotline.Domain;

namespace Hotline.Routing;

/// <summary>
/// A region's responders, with those free to take an offer right now indexed by channel
/// with room (and not in wrap-up), language and skill together. Choosing a responder reads only the smallest
/// index that every candidate must be in, so its cost follows how many could fit, not how
/// many responders there are.
/// </summary>
public sealed class ResponderPool
{
    private const string AnySkill = "";
    private static readonly HashSet<string> None = [];

    private readonly Dictionary<string, ResponderAvailability> _all = new(StringComparer.Ordinal);

    // Responders holding an offer from this region's dispatcher: never offered a second.
    private readonly HashSet<string> _holdingOffer = new(StringComparer.Ordinal);

    // Free responders as they were indexed, so an update removes exactly what was added.
    private readonly Dictionary<string, ResponderAvailability> _free = new(StringComparer.Ordinal);
    // Key: a channel with room, a language, and a skill ("" for any): each free responder is
    // under every combination they offer.
    private readonly Dictionary<(Channel Channel, string Language, string Skill), HashSet<string>> _freeBy = [];

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
        if (needs.AnyLanguage)
        {
            // Its language was dropped after a long wait: rare, so every free responder is read.
            return _free.Values.Where(r => Eligibility.IsEligible(r, needs, exclude));
        }

        return Indexed(needs, exclude);
    }

    private IEnumerable<ResponderAvailability> Indexed(ContactNeeds needs, IReadOnlySet<string>? exclude)
    {
        var smallest = _freeBy.GetValueOrDefault((needs.Channel, needs.Language, AnySkill)) ?? None;
        foreach (var skill in needs.Skills)
        {
            var withSkill = _freeBy.GetValueOrDefault((needs.Channel, needs.Language, skill)) ?? None;
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
            foreach (var key in Keys(indexed))
            {
                if (_freeBy.TryGetValue(key, out var set) && set.Remove(responderId) && set.Count == 0)
                {
                    _freeBy.Remove(key);
                }
            }
        }

        if (_all.TryGetValue(responderId, out var current) && IsFree(current))
        {
            _free.Add(responderId, current);
            foreach (var key in Keys(current))
            {
                if (!_freeBy.TryGetValue(key, out var set))
                {
                    _freeBy[key] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(responderId);
            }
        }
    }

    private static IEnumerable<(Channel, string, string)> Keys(ResponderAvailability r)
    {
        foreach (var channel in r.Channels)
        {
            if (channel.Load >= channel.Capacity || channel.WrapUp is not null)
            {
                continue;
            }

            foreach (var language in r.Languages)
            {
                yield return (channel.Channel, language, AnySkill);
                foreach (var skill in r.Skills)
                {
                    yield return (channel.Channel, language, skill);
                }
            }
        }
    }

    private bool IsFree(ResponderAvailability r) =>
        r.Presence == Presence.Available && r.Connected && r.PendingOfferContactId is null
        && !_holdingOffer.Contains(r.ResponderId) && r.Channels.Any(c => c.Load < c.Capacity && c.WrapUp is null);
}
