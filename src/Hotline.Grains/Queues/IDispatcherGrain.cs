using Hotline.Routing;
using Hotline.Supervision;

namespace Hotline.Queues;

/// <summary>
/// The same region dispatcher as <see cref="IRegionQueueGrain"/>, as the hotline's own grains
/// see it: the queue's changes, accepts and declines, escalation and supervisors' actions
/// (checked first by the contact). Never called by the gateway. It never awaits a responder
/// or a contact: it tells them things one way.
/// </summary>
public interface IDispatcherGrain : IGrainWithStringKey
{
    /// <summary>Activates the dispatcher so contacts persisted before a restart are routed again.</summary>
    Task Wake();

    /// <summary>
    /// Asked before an intake writes anything: null when the queue has room for the contact (its
    /// place is held until it arrives, for a while); otherwise the most the queue holds, and the
    /// region's supervisors are alerted.
    /// </summary>
    Task<int?> Admit(Guid contactId);

    /// <summary>Adds a contact to the queue, durably. Idempotent; false if it was already known.</summary>
    Task<bool> Enqueue(WaitingContact contact);

    /// <summary>Takes a waiting contact out (the caller hung up); rescinds its offer. False if it was not waiting.</summary>
    Task<bool> Remove(Guid contactId);

    /// <summary>A responder whose home is this region reports a newer availability.</summary>
    Task UpdateResponder(ResponderAvailability availability);

    /// <summary>Turns a still-open offer into a connection; FailedPrecondition if it is not open any more.</summary>
    Task<WaitingContact> ConfirmAccept(Guid offerId, Guid contactId, string responderId);

    /// <summary>A confirmed contact could not be connected after all; it waits again, durably.</summary>
    Task Return(WaitingContact contact);

    /// <summary>
    /// The responder declined: the contact keeps its place and is not offered to them again;
    /// an item meant for them alone (a transfer) leaves the queue and comes back in the result.
    /// </summary>
    Task<DeclineResult> Decline(Guid offerId, Guid contactId, string responderId);

    /// <summary>The responder grain refused an offer it could not take; the contact is routed again.</summary>
    [OneWay]
    Task OfferRefused(Guid offerId, Guid contactId);

    /// <summary>
    /// A responder's grain started with nothing in hand (again after its silo died, or after
    /// it was deactivated): offers made to them before may have gone with the old activation,
    /// so they are withdrawn and routed again rather than left to run out and be counted missed.
    /// </summary>
    [OneWay]
    Task ResponderStarted(string responderId);

    /// <summary>Eligible responders of this region for another region's escalated contact. Read-only.</summary>
    [AlwaysInterleave]
    Task<ResponderAvailability[]> FindCandidates(ContactNeeds needs, string[] exclude);

    /// <summary>Pushes an alert to the region's supervisors at once (a case's risk was raised).</summary>
    [OneWay]
    Task RaiseAlert(CrisisAlert alert);

    /// <summary>Another region's contact was offered to a responder of this region.</summary>
    [OneWay]
    Task CountEscalatedIn();

    /// <summary>
    /// A supervisor gives a waiting contact to <paramref name="chosen"/>: its open offer is
    /// withdrawn and the chosen responder offered it. FailedPrecondition naming why they cannot take it.
    /// </summary>
    Task<Guid> Reassign(Guid contactId, ResponderAvailability chosen);

    /// <summary>
    /// A call-back waits in its arrival place: a waiting contact whose caller asked for one (an
    /// offer made while they held is withdrawn; false when it is not waiting here, being connected),
    /// or, on <paramref name="retry"/>, one whose attempt did not reach the person, offered again
    /// once its retry delay has passed. Idempotent.
    /// </summary>
    Task<bool> CallBack(WaitingContact contact, bool retry);

    /// <summary>A call-back of this region ended after its last attempt failed (counted for supervisors).</summary>
    [OneWay]
    Task CallBackUnreached();

    /// <summary>Takes a waiting contact out to move it to another region. False if it was not waiting.</summary>
    Task<bool> MoveOut(Guid contactId);

    /// <summary>A contact moved here from another region waits here, durably already in its record.</summary>
    Task MoveIn(WaitingContact contact);

    /// <summary>
    /// A waiting item's routing rules changed (its case's safe window, channel or hold), durably
    /// already in its record: it keeps its place, an offer the rules no longer allow is withdrawn,
    /// and it is put back in the queue should it be missing. False when it is not waiting here.
    /// </summary>
    Task<bool> UpdateWaiting(WaitingContact contact);
}
