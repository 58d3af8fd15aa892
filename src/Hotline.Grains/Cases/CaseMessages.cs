using Hotline.Domain;

namespace Hotline.Cases;

/// <summary>What happened to a case. History entries never carry free text.</summary>
public enum CaseEventKind
{
    Opened = 0,
    ContactLinked = 1,
    Assigned = 2,
    ContactCompleted = 3,
    ContactEnded = 4,
    ContactAbandoned = 5,
    PersonalDataErased = 6,
}

/// <summary>One entry of a case's append-only history.</summary>
[GenerateSerializer, Immutable, Alias("hotline.CaseEvent")]
public sealed record CaseEvent(
    [Id(0)] DateTimeOffset At,
    [Id(1)] CaseEventKind Kind,
    [Id(2)] Guid? ContactId,
    [Id(3)] string? Actor);

/// <summary>A case as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("hotline.CaseSnapshot")]
public sealed record CaseSnapshot(
    [Id(0)] Guid CaseId,
    [Id(1)] CaseStatus Status,
    [Id(2)] string Region,
    [Id(3)] string? OwnerResponderId,
    [Id(4)] Guid[] Contacts,
    [Id(5)] CaseEvent[] History,
    [Id(6)] DateTimeOffset OpenedAt,
    [Id(7)] DateTimeOffset? ErasedAt);
