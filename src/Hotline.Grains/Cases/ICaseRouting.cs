using Hotline.Access;
using Hotline.Domain;
using Hotline.Audit;

namespace Hotline.Cases;

/// <summary>
/// The same case as <see cref="ICaseGrain"/>, as contacts and the follow-up scheduler see it:
/// linking a later contact, routing follow-ups due. Never called by the gateway.
/// </summary>
public interface ICaseRouting : IGrainWithGuidKey
{
    /// <summary>
    /// Links a later contact, located in <paramref name="region"/>, to this existing case when
    /// the caller takes contacts in the case's region; returns the responder who owns it (for
    /// continuity of care). Refused alike when the case does not exist or is out of reach, and
    /// refused when the contact is located in another region or the case is closed. Idempotent per contact.
    /// </summary>
    Task<string?> Link(Guid contactId, string region, Caller caller);

    /// <summary>
    /// Retention's end for a case in progress or referred with no activity since
    /// <paramref name="inactiveBefore"/> and nothing of it open: closes it and erases it,
    /// both audited as <paramref name="by"/>. Returns when it was erased, or null when it was
    /// worked since, is not in progress or referred, or has something open.
    /// </summary>
    Task<DateTimeOffset?> Expire(Caller by, DateTimeOffset inactiveBefore);

    /// <summary>
    /// A contact of the case ended as "caller not safe" (<paramref name="by"/> carries the role
    /// that allowed it): the case is marked, audited and its region's supervisors alerted; its
    /// follow-ups are held until it is cleared. Idempotent.
    /// </summary>
    Task MarkNotSafe(Guid contactId, Channel channel, Caller by);

    /// <summary>
    /// The case's safe-contact rules, code word included, for the responder offered its work item
    /// <paramref name="contactId"/>; the showing is audited first. Null when it names no rule.
    /// </summary>
    Task<SafeContactRules?> SafeRulesForOffer(Guid contactId, Caller responder);

    /// <summary>
    /// How the case's work that reaches the person back is gated now (see <see cref="SafeContact.GateOf"/>),
    /// for a contact of it turned into a call-back; <paramref name="fallback"/> is its channel.
    /// </summary>
    Task<(SafeWindow? Window, Channel Channel, bool Held)> GateFor(Channel fallback);

    /// <summary>Routes every follow-up now due; returns how many. Idempotent.</summary>
    Task<int> RouteDueFollowUps();
}
