using Hotline.Domain;

namespace Hotline.Responders;

/// <summary>A responder's durable record: profile, presence, and when they were last idle. The contacts they are working are
/// read from the contacts' own records (see ResponderGrain).</summary>
[GenerateSerializer, Alias("hotline.ResponderState")]
public sealed class ResponderState
{
    [Id(0)] public string? DisplayName { get; set; }
    [Id(1)] public string HomeRegion { get; set; } = "";
    [Id(2)] public string[] Languages { get; set; } = [];
    [Id(3)] public string[] Skills { get; set; } = [];
    [Id(4)] public ChannelCapacity[] Capacity { get; set; } = [];
    [Id(5)] public Presence Presence { get; set; }
    [Id(7)] public DateTimeOffset IdleSince { get; set; }
    [Id(8)] public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>When an admin disabled the responder (offboarding); null while they may work.</summary>
    [Id(9)] public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>Why they are not available (break, meal, training, admin, missed offers); None when no reason was given.</summary>
    [Id(10)] public PresenceReason PresenceReason { get; set; }
}
