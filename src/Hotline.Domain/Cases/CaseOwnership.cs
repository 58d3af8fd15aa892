using Hotline.Audit;
using Hotline.Contacts;
using Hotline.Domain;

namespace Hotline.Cases;

/// <summary>
/// Who owns a case, where it belongs and when it becomes assigned: decided here only, both for
/// the case file (<see cref="CaseView"/>) and for the case index each write updates (the
/// database copies <see cref="CaseIndexChange"/> and <see cref="CaseIndexHeader"/>, it decides nothing).
/// </summary>
public static class CaseOwnership
{
    /// <summary>Connecting a contact or accepting a transfer hands the case to the responder; a follow-up does not.</summary>
    public static bool GivesOwnership(WorkKind kind) => kind != WorkKind.FollowUp;

    /// <summary>The status routing gives a case: assigned once someone owns it, new before.</summary>
    public static CaseStatus RoutingStatus(string? owner) => owner is null ? CaseStatus.New : CaseStatus.Assigned;

    /// <summary>A case's status: the one work on it set, else the one routing gives.</summary>
    public static CaseStatus Status(CaseStatus? work, string? owner) => work ?? RoutingStatus(owner);

    /// <summary>The contact or transfer that made the current owner: connected last; at the same instant, linked last.</summary>
    public static ContactSnapshot? LatestOwning(IEnumerable<ContactSnapshot> contacts)
    {
        ContactSnapshot? latest = null;
        foreach (var c in contacts.Where(c => GivesOwnership(c.Kind) && c.ConnectedAt is not null))
        {
            if (latest is null || c.ConnectedAt >= latest.ConnectedAt)
            {
                latest = c;
            }
        }

        return latest;
    }

    /// <summary>
    /// The case's region: that of the latest accepted transfer that moved it, else where its
    /// first contact opened it (even if a supervisor moved that contact to wait elsewhere).
    /// </summary>
    public static string Region(IReadOnlyList<ContactSnapshot> contacts)
    {
        var moved = LatestOwning(contacts.Where(c => c.Kind == WorkKind.Transfer && c.TransferRegion is not null));
        return moved?.TransferRegion ?? contacts[0].CaseRegion ?? contacts[0].Region;
    }

    /// <summary>
    /// What one write of a contact changes in its case's index: the write that opens a case
    /// creates its row; the one that connects a contact or accepts a transfer makes the
    /// responder the owner (an accepted transfer may move the case); a contact taken in gives
    /// the case the caller's hash if it has none; erasure forgets that hash and is not activity.
    /// </summary>
    public static CaseIndexChange IndexChange(ContactWrite write)
    {
        var at = write.Change.At.ToUnixTimeMilliseconds();
        // A contact recorded after it happened offline opens its case and is its responder's in one write.
        var opens = write.Change.Action is AuditActions.CaseOpened or AuditActions.OfflineCaseOpened;
        var owns = write.Change.Action is AuditActions.ContactConnected or AuditActions.TransferAccepted or AuditActions.OfflineCaseOpened && GivesOwnership(write.Kind);
        var erases = write.Change.Action == AuditActions.ContactErased;
        return new CaseIndexChange(
            Opens: opens,
            Region: opens ? write.Region : owns ? write.TransferRegion : null,
            Owner: owns ? write.ResponderId : null,
            RoutingStatus: owns ? CaseStatus.Assigned : opens ? CaseStatus.New : null,
            OpenedBy: opens ? write.OpenedBy : null,
            ActivityMs: erases ? null : at,
            CallerKey: write.Change.Action is AuditActions.CaseOpened or AuditActions.ContactLinked ? write.CallerKey : null,
            ForgetsCaller: erases);
    }
}

/// <summary>What of a contact's write the case index depends on.</summary>
public sealed record ContactWrite(
    ContactChange Change,
    WorkKind Kind,
    string Region,
    string? ResponderId,
    string? TransferRegion,
    string? OpenedBy,
    string? CallerKey);

/// <summary>
/// What one contact write changes in its case's index row, computed by
/// <see cref="CaseOwnership.IndexChange"/>: each field null leaves the row's value as it is.
/// Stored in the clear beside the contact (ids, codes, times, the keyed hash): no personal data.
/// </summary>
public sealed record CaseIndexChange(
    bool Opens,
    string? Region,
    string? Owner,
    CaseStatus? RoutingStatus,
    string? OpenedBy,
    long? ActivityMs,
    string? CallerKey,
    bool ForgetsCaller);
