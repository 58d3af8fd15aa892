using Hotline.Routing;

namespace Hotline.Supervision;

/// <summary>What a region's dispatcher pushes to supervisors.</summary>
public enum SupervisionEventKind
{
    /// <summary>The region's figures (first on every subscription, then when they change).</summary>
    Stats = 0,

    /// <summary>A crisis alert.</summary>
    Alert = 1,

    /// <summary>Responders of the region: all of them first, then those that changed.</summary>
    Roster = 2,
}

/// <summary>One push from a region's dispatcher to a supervisor's stream.</summary>
[GenerateSerializer, Immutable, Alias("hotline.SupervisionEvent")]
public sealed record SupervisionEvent(
    [Id(0)] SupervisionEventKind Kind,
    [Id(1)] QueueStats? Stats = null,
    [Id(2)] CrisisAlert? Alert = null,
    [Id(3)] ResponderAvailability[]? Roster = null,
    [Id(4)] bool Full = false);

/// <summary>What a supervisor's subscription to a region carries.</summary>
[Flags]
public enum SupervisionTopics
{
    None = 0,
    Queues = 1,
    Roster = 2,
}
