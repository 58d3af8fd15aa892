using System.Globalization;
using System.Text;
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
    StatusChanged = 7,
    NoteAdded = 8,
    FactsUpdated = 9,
    ConsentChanged = 10,
    ReferralRequested = 11,
    ReferralUpdated = 12,
    ConsentOverridden = 13,
    TransferRequested = 14,
    TransferAccepted = 15,
    TransferDeclined = 16,
    TransferCancelled = 17,
    FollowUpScheduled = 18,
    FollowUpRouted = 19,
    FollowUpCancelled = 20,
    FollowUpCompleted = 21,
    CallerNotSafe = 22,
    NotSafeCleared = 23,
    /// <summary>A call-back ended unreached after its last attempt (Detail: the number of attempts).</summary>
    CallBackUnreached = 30,
}

/// <summary>
/// One entry of a case's append-only history: what, who, when, and what it concerns (a
/// contact, note, referral or follow-up id); <see cref="Detail"/> is a code (a status, a
/// service, a region), never free text.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.CaseEvent")]
public sealed record CaseEvent(
    [Id(0)] DateTimeOffset At,
    [Id(1)] CaseEventKind Kind,
    [Id(2)] Guid? ContactId,
    [Id(3)] string? Actor,
    [Id(4)] Guid? Concerns = null,
    [Id(5)] string? Detail = null);

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
    [Id(7)] DateTimeOffset? ErasedAt,
    [Id(8)] CaseFacts Facts,
    [Id(9)] CaseNote[] Notes,
    [Id(10)] Referral[] Referrals,
    [Id(11)] FollowUp[] FollowUps,
    [Id(12)] DateTimeOffset LastActivityAt,
    [Id(13)] Guid? PendingTransfer,
    [Id(14)] DateTimeOffset? CallerNotSafeSince = null)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"CaseId = {CaseId}, Status = {Status}, Region = {Region}");
        return true;
    }
}

/// <summary>Where a transfer goes: a responder, a region, or a responder in a region the case moves to.</summary>
[GenerateSerializer, Immutable, Alias("hotline.TransferTarget")]
public sealed record TransferTarget([Id(0)] string? ResponderId, [Id(1)] string? Region);

/// <summary>A referral asked for: the service, the organisation, and (supervisors only) why consent is overridden.</summary>
[GenerateSerializer, Immutable, Alias("hotline.ReferralRequest")]
public sealed record ReferralRequest(
    [Id(0)] ServiceType Service,
    [Id(1)] string OrganisationId,
    [Id(2)] bool OrganisationIsOutside,
    [Id(3)] string? OverrideReason,
    [Id(4)] string[] OrganisationRegions)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Service = {Service}, OrganisationId = {OrganisationId}");
        return true;
    }
}

/// <summary>A follow-up asked for.</summary>
[GenerateSerializer, Immutable, Alias("hotline.FollowUpRequest")]
public sealed record FollowUpRequest(
    [Id(0)] FollowUpKind Kind,
    [Id(1)] DateTimeOffset DueAt,
    [Id(2)] Guid? ReferralId,
    [Id(3)] string Note)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Kind = {Kind}, DueAt = {DueAt:O}");
        return true;
    }
}
