namespace Hotline.Routing;

/// <summary>Who may be offered a contact, and who among them is chosen.</summary>
public static class Eligibility
{
    /// <summary>
    /// Available, connected to their offer stream, no offer already pending, speaks the
    /// language, has every skill, has capacity on the channel and is not in wrap-up on it, and
    /// has not declined it.
    /// </summary>
    public static bool IsEligible(ResponderAvailability responder, ContactNeeds needs, IReadOnlySet<string>? declinedBy)
    {
        if (responder.Presence != Domain.Presence.Available || !responder.Connected || responder.PendingOfferContactId is not null)
        {
            return false;
        }

        if (declinedBy is not null && declinedBy.Contains(responder.ResponderId))
        {
            return false;
        }

        if (!responder.HasCapacity(needs.Channel) || responder.InWrapUp(needs.Channel) || !Speaks(responder, needs))
        {
            return false;
        }

        foreach (var skill in needs.Skills)
        {
            if (Array.IndexOf(responder.Skills, skill) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Why <paramref name="responder"/> cannot take a contact with <paramref name="needs"/>, or null when they can.</summary>
    public static string? WhyNot(ResponderAvailability responder, ContactNeeds needs)
    {
        if (responder.Presence != Domain.Presence.Available)
        {
            return $"the responder is {responder.Presence.ToString().ToLowerInvariant()}, not available";
        }

        if (!responder.Connected)
        {
            return "the responder has no offer stream open";
        }

        if (responder.PendingOfferContactId is not null)
        {
            return "the responder holds another offer";
        }

        if (!responder.HasCapacity(needs.Channel))
        {
            return $"the responder has no capacity left for {needs.Channel.ToString().ToLowerInvariant()}";
        }

        if (responder.InWrapUp(needs.Channel))
        {
            return $"the responder is in wrap-up on {needs.Channel.ToString().ToLowerInvariant()}";
        }

        if (!Speaks(responder, needs))
        {
            return $"the responder does not speak {needs.Language}";
        }

        var missing = needs.Skills.FirstOrDefault(s => Array.IndexOf(responder.Skills, s) < 0);
        return missing is null ? null : $"the responder lacks the skill {missing}";
    }

    private static bool Speaks(ResponderAvailability responder, ContactNeeds needs) =>
        needs.AnyLanguage || Array.IndexOf(responder.Languages, needs.Language) >= 0;

    /// <summary>
    /// The case's previous responder when eligible (continuity of care), otherwise the one
    /// idle longest; ties go to the lower id so the choice is repeatable.
    /// </summary>
    public static ResponderAvailability? Choose(IEnumerable<ResponderAvailability> eligible, string? preferredResponderId)
    {
        ResponderAvailability? best = null;
        foreach (var candidate in eligible)
        {
            if (preferredResponderId is not null && candidate.ResponderId == preferredResponderId)
            {
                return candidate;
            }

            if (best is null
                || candidate.IdleSince < best.IdleSince
                || (candidate.IdleSince == best.IdleSince && string.CompareOrdinal(candidate.ResponderId, best.ResponderId) < 0))
            {
                best = candidate;
            }
        }

        return best;
    }
}
