using Hotline.Routing;
using Hotline.Supervision;

namespace Hotline.Queues;

/// <summary>
/// The dispatcher of one region (key: region code): the single place that matches its
/// waiting contacts to responders, so no responder is given two contacts by a race.
/// It never awaits a responder or a contact: it tells them things one way.
/// </summary>
public interface IRegionQueueGrain : IGrainWithStringKey
{
    /// <summary>The queue's figures now. Read-only.</summary>
    [AlwaysInterleave]
    Task<QueueStats> GetStats();

    /// <summary>
    /// A supervisor's live view of the region: the figures (then each change, coalesced),
    /// the roster (then each responder that changed) and crisis alerts, as asked in <paramref name="topics"/>.
    /// </summary>
    IAsyncEnumerable<SupervisionEvent> Watch(SupervisionTopics topics, CancellationToken cancellationToken = default);
}
