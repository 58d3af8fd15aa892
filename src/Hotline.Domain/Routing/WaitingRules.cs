using Hotline.Domain;

namespace Hotline.Routing;

/// <summary>
/// Urgency steps a waiting contact takes (section <c>Hotline:Routing:Aging</c>): each is the
/// total wait since the contact entered after which a contact of that urgency counts as the next
/// one up. An unset step never happens; imminent danger is reached only when
/// <see cref="HighToImminentDanger"/> is set.
/// </summary>
public sealed class UrgencyAging
{
    /// <summary>Low counts as normal after this wait.</summary>
    public TimeSpan? LowToNormal { get; set; }

    /// <summary>Normal counts as high after this wait.</summary>
    public TimeSpan? NormalToHigh { get; set; }

    /// <summary>High counts as imminent danger after this wait (unset by default: never).</summary>
    public TimeSpan? HighToImminentDanger { get; set; }

    /// <summary>The wait after which a contact of <paramref name="urgency"/> steps up, or null when it never does.</summary>
    public TimeSpan? After(Urgency urgency) => urgency switch
    {
        Urgency.Low => LowToNormal,
        Urgency.Normal => NormalToHigh,
        Urgency.High => HighToImminentDanger,
        _ => null,
    };

    /// <summary>Every step set is positive, at most a day, and none comes before the step below it.</summary>
    public bool IsValid()
    {
        TimeSpan? previous = null;
        foreach (var step in new[] { LowToNormal, NormalToHigh, HighToImminentDanger })
        {
            if (step is not { } s)
            {
                continue;
            }

            if (s <= TimeSpan.Zero || s > TimeSpan.FromDays(1) || (previous is { } p && s < p))
            {
                return false;
            }

            previous = s;
        }

        return true;
    }
}

/// <summary>
/// What waiting changes about a contact: its urgency steps up (<see cref="RoutingOptions.Aging"/>)
/// and a required skill or language may be dropped after a configured wait
/// (<see cref="RoutingOptions.SkillRelaxation"/>, <see cref="RoutingOptions.LanguageRelaxation"/>).
/// Everything is a function of how long the contact has waited, so the same contact gets the same
/// answer however often it is asked, and a restart changes nothing.
/// </summary>
public sealed class WaitingRules
{
    private readonly UrgencyAging _aging;
    private readonly Dictionary<string, TimeSpan> _skills;
    private readonly Dictionary<string, TimeSpan> _languages;

    public WaitingRules(RoutingOptions options)
    {
        _aging = options.Aging;
        _skills = new Dictionary<string, TimeSpan>(options.SkillRelaxation, StringComparer.OrdinalIgnoreCase);
        _languages = new Dictionary<string, TimeSpan>(options.LanguageRelaxation, StringComparer.OrdinalIgnoreCase);
        Ages = _aging.LowToNormal is not null || _aging.NormalToHigh is not null || _aging.HighToImminentDanger is not null;
    }

    /// <summary>True when any urgency step is configured.</summary>
    public bool Ages { get; }

    /// <summary>True when any skill or language may be dropped.</summary>
    public bool Relaxes => _skills.Count > 0 || _languages.Count > 0;

    /// <summary>The wait after which <paramref name="urgency"/> steps up, or null.</summary>
    public TimeSpan? StepAfter(Urgency urgency) => _aging.After(urgency);

    /// <summary>The urgency a contact declared <paramref name="declared"/> counts as after waiting <paramref name="waited"/>.</summary>
    public Urgency EffectiveUrgency(Urgency declared, TimeSpan waited)
    {
        var urgency = declared;
        while (_aging.After(urgency) is { } after && waited >= after)
        {
            urgency++;
        }

        return urgency;
    }

    /// <summary>
    /// The needs still required after waiting <paramref name="waited"/>: skills whose wait has
    /// passed are dropped, and the language too when it is configured to be and its wait has passed.
    /// Returns <paramref name="needs"/> itself when nothing is dropped.
    /// </summary>
    public ContactNeeds Relaxed(ContactNeeds needs, TimeSpan waited)
    {
        if (!Relaxes)
        {
            return needs;
        }

        var anyLanguage = needs.AnyLanguage || (_languages.TryGetValue(needs.Language, out var l) && waited >= l);
        var kept = needs.Skills.Where(s => !(_skills.TryGetValue(s, out var after) && waited >= after)).ToArray();
        return anyLanguage == needs.AnyLanguage && kept.Length == needs.Skills.Length ? needs : needs with { Skills = kept, AnyLanguage = anyLanguage };
    }

    /// <summary>The next wait, longer than <paramref name="waited"/>, at which something of <paramref name="needs"/> is dropped; null when nothing more will be.</summary>
    public TimeSpan? NextRelaxation(ContactNeeds needs, TimeSpan waited)
    {
        TimeSpan? next = null;
        foreach (var skill in needs.Skills)
        {
            if (_skills.TryGetValue(skill, out var after) && after > waited && (next is null || after < next))
            {
                next = after;
            }
        }

        if (!needs.AnyLanguage && _languages.TryGetValue(needs.Language, out var language) && language > waited && (next is null || language < next))
        {
            next = language;
        }

        return next;
    }
}
