using Hotline.Access;
using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Responders;

/// <summary>
/// One responder (key: responder id): presence, the one offer they may hold, the contacts
/// they work, and their live stream. It has the last word on whether it takes an offer.
/// </summary>
public interface IResponderGrain : IGrainWithStringKey
{
    /// <summary>Registers the responder or replaces their profile.</summary>
    Task<ResponderSnapshot> Upsert(ResponderProfileInput profile);

    /// <summary>The responder now, or null when never registered.</summary>
    Task<ResponderSnapshot?> Get();

    /// <summary>
    /// Sets presence (available, break, away, offline) with an optional <paramref name="reason"/>
    /// (see <see cref="PresenceRules"/>); leaving "available" hands back a pending offer. A change
    /// is recorded first in the home region's staff audit: <paramref name="by"/> set it under <paramref name="role"/>.
    /// </summary>
    Task<ResponderSnapshot> SetPresence(Presence presence, PresenceReason reason, Caller by, Roles role);

    /// <summary>
    /// Ends the responder's wrap-up on <paramref name="channel"/> (every channel when null) before
    /// its limit, so they may be offered work there again. Presence stays as it is; a repeat, or
    /// a call with no wrap-up running, changes nothing.
    /// </summary>
    Task<ResponderSnapshot> EndWrapUp(Channel? channel);

    /// <summary>
    /// Offboarding, by an admin: the responder's streams end at once, an open offer goes back to
    /// be routed, presence and offers are refused until <see cref="Enable"/>. Contacts they are
    /// connected to stay theirs to finish or for a supervisor to end; their cases stay in
    /// their regions. A repeat changes nothing.
    /// </summary>
    Task<ResponderSnapshot> Disable(Caller by);

    /// <summary>Lets a disabled responder work again (offline until they set presence). A repeat changes nothing.</summary>
    Task<ResponderSnapshot> Enable(Caller by);

    /// <summary>
    /// The live stream of offers and assignments. The responder counts as connected while
    /// at least one stream is open. Events after <paramref name="afterSequence"/> still in
    /// the replay buffer are sent again; otherwise a State event starts the stream.
    /// </summary>
    IAsyncEnumerable<ResponderEvent> Watch(long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>Accepts the pending offer for <paramref name="contactId"/>; <paramref name="by"/> is recorded in the case's audit.</summary>
    Task<Assignment> Accept(Guid contactId, Caller by);

    /// <summary>
    /// Declines the pending offer for <paramref name="contactId"/>; a transfer meant for this
    /// responder alone ends as declined, recorded as by <paramref name="by"/>.
    /// </summary>
    Task Decline(Guid contactId, Caller by);

    /// <summary>Finishes a contact this responder is working and frees the capacity; <paramref name="by"/> is recorded in the case's audit.</summary>
    Task Complete(Guid contactId, Caller by);

    /// <summary>
    /// What routing knows of the responder now, or null when never registered (a supervisor
    /// choosing them). A read: it interleaves, so a contact asking it cannot wait on an accept
    /// that waits on that contact.
    /// </summary>
    [AlwaysInterleave]
    Task<ResponderAvailability?> GetAvailability();
}
