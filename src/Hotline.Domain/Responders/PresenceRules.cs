using Hotline.Domain;

namespace Hotline.Responders;

/// <summary>Why a responder is not available. Stored by number: add values, never renumber.</summary>
public enum PresenceReason
{
    None = 0,
    Break = 1,
    Meal = 2,
    Training = 3,
    Admin = 4,

    /// <summary>Set by the hotline alone, with <see cref="Presence.Away"/>, when an offer went unanswered.</summary>
    MissedOffers = 5,
}

/// <summary>
/// Who may change a responder's presence, and with what reason. A state a person set changes
/// only by that person, a supervisor of their home region, an admin disabling them, or the
/// missed-offer rule; never by an accept that failed, a transfer, a stream dropping or coming
/// back, or a wrap-up ending (none of those paths writes presence at all).
/// </summary>
public static class PresenceRules
{
    /// <summary>Why a person may not set <paramref name="presence"/> with <paramref name="reason"/>, or null when they may.</summary>
    public static string? WhyNot(Presence presence, PresenceReason reason) => reason switch
    {
        PresenceReason.None => null,
        PresenceReason.MissedOffers => "is set by the hotline alone, when an offer goes unanswered",
        _ when presence == Presence.Available => "may be given only with a presence other than AVAILABLE",
        _ when !Enum.IsDefined(reason) => "is not a known reason",
        _ => null,
    };

    /// <summary>
    /// The missed-offer rule: someone available who lets an offer lapse is set away, with that
    /// reason. Anyone who set themselves (or was set) otherwise keeps what they set.
    /// </summary>
    public static (Presence Presence, PresenceReason Reason)? AfterMissedOffer(Presence current) =>
        current == Presence.Available ? (Presence.Away, PresenceReason.MissedOffers) : null;
}
