using Hotline.Access;
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
    /// Diverts the region's new contacts to the triage responders named (of this region) or to
    /// <paramref name="toRegion"/>'s responders, for supervisors of the region; audited. Setting
    /// the mode it is in changes nothing. Returns the figures with the mode now.
    /// </summary>
    Task<QueueStats> SetSurge(string[] responderIds, string? toRegion, Caller by);

    /// <summary>Routes the region's new contacts as usual again, for supervisors of the region; audited when it was on.</summary>
    Task<QueueStats> ClearSurge(Caller by);

    /// <summary>
    /// A supervisor's live view of the region: the figures (then each change, coalesced),
    /// the roster (then each responder that changed) and crisis alerts, as asked in <paramref name="topics"/>.
    /// </summary>
    IAsyncEnumerable<SupervisionEvent> Watch(SupervisionTopics topics, CancellationToken cancellationToken = default);
}
