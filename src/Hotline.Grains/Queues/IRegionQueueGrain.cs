using Hotline.Routing;

namespace Hotline.Queues;

/// <summary>
/// The dispatcher of one region (key: region code): the single place that matches its
/// waiting contacts to responders, so no responder is given two contacts by a race.
/// It never awaits a responder or a contact: it tells them things one way.
/// </summary>
public interface IRegionQueueGrain : IGrainWithStringKey
{
    /// <summary>Activates the dispatcher so contacts persisted before a restart are routed again.</summary>
    Task Wake();

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

    /// <summary>Eligible responders of this region for another region's escalated contact. Read-only.</summary>
    [AlwaysInterleave]
    Task<ResponderAvailability[]> FindCandidates(ContactNeeds needs, string[] exclude);

    /// <summary>The queue's figures now. Read-only.</summary>
    [AlwaysInterleave]
    Task<QueueStats> GetStats();
}
