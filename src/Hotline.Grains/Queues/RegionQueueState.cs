namespace Hotline.Queues;

/// <summary>
/// What a region's dispatcher keeps on disk: whose home it is, the day's counters and its surge mode. Who is waiting is not kept
/// here: each contact's own record is, and the dispatcher rebuilds its queue from the
/// database's open-contacts index when it activates.
/// </summary>
[GenerateSerializer, Alias("hotline.RegionQueueState")]
public sealed class RegionQueueState
{
    /// <summary>Responders whose home is this region, asked for their availability on activation.</summary>
    [Id(1)] public List<string> Roster { get; set; } = [];

    /// <summary>The day's counters as last saved (every few seconds while they change), so a restart keeps them.</summary>
    [Id(2)] public Supervision.QueueDay? Today { get; set; }

    /// <summary>Where the region's new contacts are diverted while a supervisor has set surge mode; null when off.</summary>
    [Id(3)] public Routing.SurgeDiversion? Surge { get; set; }
}
