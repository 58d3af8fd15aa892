namespace Hotline.Audit;

/// <summary>
/// One line of a case's audit: who (the token's subject), under which role, did what, when,
/// to which case and contact. Never carries personal data.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.AuditEntry")]
public sealed record AuditEntry(
    [Id(0)] Guid CaseId,
    [Id(1)] Guid? ContactId,
    [Id(2)] DateTimeOffset At,
    [Id(3)] string Actor,
    [Id(4)] string Role,
    [Id(5)] string Action);
