using Hotline.Access;
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

    /// <summary>Routes every follow-up now due; returns how many. Idempotent.</summary>
    Task<int> RouteDueFollowUps();
}
