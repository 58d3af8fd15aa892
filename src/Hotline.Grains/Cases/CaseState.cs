using Hotline.Domain;

namespace Hotline.Cases;

/// <summary>The durable case file.</summary>
[GenerateSerializer, Alias("hotline.CaseState")]
public sealed class CaseState
{
    [Id(0)] public CaseStatus Status { get; set; }
    [Id(1)] public string Region { get; set; } = "";
    [Id(2)] public string? OwnerResponderId { get; set; }
    [Id(3)] public List<Guid> Contacts { get; set; } = [];
    [Id(4)] public List<CaseEvent> History { get; set; } = [];
    [Id(5)] public DateTimeOffset OpenedAt { get; set; }
}
