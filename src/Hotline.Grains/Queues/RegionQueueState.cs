using Hotline.Routing;

namespace Hotline.Queues;

/// <summary>What a region's dispatcher keeps on disk: who is waiting, and whose home it is.</summary>
[GenerateSerializer, Alias("hotline.RegionQueueState")]
public sealed class RegionQueueState
{
    /// <summary>Waiting contacts in queue order. Offers are not kept: a restart voids them.</summary>
    [Id(0)] public List<WaitingContact> Waiting { get; set; } = [];

    /// <summary>Responders whose home is this region, asked for their availability on activation.</summary>
    [Id(1)] public List<string> Roster { get; set; } = [];
}
