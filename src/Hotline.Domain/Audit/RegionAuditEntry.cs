namespace Hotline.Audit;

/// <summary>
/// A line of a region's staff audit: a change that belongs to no case, such as a responder's
/// presence or the region's surge mode. <paramref name="ResponderId"/> is whom it concerns
/// (none for the region's own settings), <paramref name="Actor"/> who made it. Never carries
/// personal data.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.RegionAuditEntry")]
public sealed record RegionAuditEntry(
    [Id(0)] string Region,
    [Id(1)] string? ResponderId,
    [Id(2)] DateTimeOffset At,
    [Id(3)] string Actor,
    [Id(4)] string Role,
    [Id(5)] string Action);
