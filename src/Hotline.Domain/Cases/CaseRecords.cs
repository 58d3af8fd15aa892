using System.Globalization;
using System.Text;

namespace Hotline.Cases;

/// <summary>A service a partner organisation provides.</summary>
public enum ServiceType
{
    Shelter = 1,
    LegalAid = 2,
    Medical = 3,
    Psychosocial = 4,
    LawEnforcement = 5,
    ReturnAndReintegration = 6,
    Interpretation = 7,
}

/// <summary>Where a referral stands: requested, then accepted or declined; an accepted one is completed.</summary>
public enum ReferralStatus
{
    Requested = 0,
    Accepted = 1,
    Declined = 2,
    Completed = 3,
}

/// <summary>What a follow-up is for.</summary>
public enum FollowUpKind
{
    CallBack = 1,
    CheckReferral = 2,
}

/// <summary>A note on a case. Notes are never changed: a correction is a new note naming the one it corrects.</summary>
[GenerateSerializer, Immutable, Alias("hotline.CaseNote")]
public sealed record CaseNote(
    [Id(0)] Guid NoteId,
    [Id(1)] DateTimeOffset At,
    [Id(2)] string Author,
    [Id(3)] string Role,
    [Id(4)] string Text,
    [Id(5)] Guid? Corrects)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"NoteId = {NoteId}, Corrects = {Corrects}");
        return true;
    }
}

/// <summary>A referral of the case to a service at a partner organisation.</summary>
[GenerateSerializer, Immutable, Alias("hotline.Referral")]
public sealed record Referral(
    [Id(0)] Guid ReferralId,
    [Id(1)] ServiceType Service,
    [Id(2)] string OrganisationId,
    [Id(3)] ReferralStatus Status,
    [Id(4)] DateTimeOffset RequestedAt,
    [Id(5)] string RequestedBy,
    [Id(6)] DateTimeOffset UpdatedAt,
    [Id(7)] string? ConsentOverrideReason,
    [Id(8)] string? ConsentOverriddenBy)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"ReferralId = {ReferralId}, Service = {Service}, Status = {Status}");
        return true;
    }
}

/// <summary>
/// Work due on a case at a time: when due it becomes a work item routed like a contact, to the
/// case's owner when they can take it, else to the region.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.FollowUp")]
public sealed record FollowUp(
    [Id(0)] Guid FollowUpId,
    [Id(1)] FollowUpKind Kind,
    [Id(2)] DateTimeOffset DueAt,
    [Id(3)] Guid? ReferralId,
    [Id(4)] string Note,
    [Id(5)] string ScheduledBy,
    [Id(6)] DateTimeOffset ScheduledAt,
    [Id(7)] DateTimeOffset? RoutedAt,
    [Id(8)] DateTimeOffset? CancelledAt)
{
    public bool Pending => RoutedAt is null && CancelledAt is null;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"FollowUpId = {FollowUpId}, Kind = {Kind}, DueAt = {DueAt:O}");
        return true;
    }
}
