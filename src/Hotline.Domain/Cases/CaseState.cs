using Hotline.Contacts;
using Hotline.Domain;

namespace Hotline.Cases;

/// <summary>
/// What a case keeps of its own: its lifecycle, facts, notes, referrals, follow-ups and the
/// history of those. Nothing is written for a case until one of these changes: what happened
/// on each contact is read from the contacts. Stored sealed whole, behind a clear header the
/// database indexes for listing (see Storage/CaseRecordJson).
/// </summary>
[GenerateSerializer, Alias("hotline.CaseState")]
public sealed class CaseState
{
    /// <summary>Contacts and work items (follow-ups, transfers) linked after the first, in the order they were linked.</summary>
    [Id(3)] public List<Guid> Contacts { get; set; } = [];

    /// <summary>The status set by work on the case; null while routing alone decides it (new or assigned).</summary>
    [Id(4)] public CaseStatus? Status { get; set; }

    [Id(5)] public CaseFacts Facts { get; set; } = CaseFacts.Empty;

    [Id(6)] public List<CaseNote> Notes { get; set; } = [];

    [Id(7)] public List<Referral> Referrals { get; set; } = [];

    [Id(8)] public List<FollowUp> FollowUps { get; set; } = [];

    /// <summary>The case's own events; the contacts' events are read from the contacts.</summary>
    [Id(9)] public List<CaseEvent> Events { get; set; } = [];

    /// <summary>How many transfers were asked for; numbers the next one's id.</summary>
    [Id(10)] public int TransfersRequested { get; set; }

    /// <summary>The change the latest write makes; the database adds it to the audit in the same statement.</summary>
    [Id(11)] public ContactChange? Change { get; set; }

    /// <summary>What the listing index shows, computed before each write.</summary>
    [Id(12)] public CaseIndexHeader? Header { get; set; }

    /// <summary>
    /// Since when the person is known not to be safe (a contact ended as "caller not safe"):
    /// no follow-up of the case is offered until a responder clears it.
    /// </summary>
    [Id(13)] public DateTimeOffset? NotSafeSince { get; set; }

    /// <summary>Whether any free text is left (notes, follow-ups, consent overrides, safe hours).</summary>
    public bool HasPersonalText =>
        Notes.Any(n => n.Text.Length > 0) || FollowUps.Any(f => f.Note.Length > 0)
        || Referrals.Any(r => !string.IsNullOrEmpty(r.ConsentOverrideReason)) || Facts.Consents.SafeHours.Length > 0 || Facts.Consents.CodeWordGiven.Length > 0;

    /// <summary>A copy to change and write, leaving this one as it was should the write fail.</summary>
    public CaseState Copy() => new()
    {
        Contacts = [.. Contacts],
        Status = Status,
        Facts = Facts,
        Notes = [.. Notes],
        Referrals = [.. Referrals],
        FollowUps = [.. FollowUps],
        Events = [.. Events],
        TransfersRequested = TransfersRequested,
        Change = Change,
        Header = Header,
        NotSafeSince = NotSafeSince,
    };

    /// <summary>Forgets the free text of notes, follow-ups, overrides and consents; the figures stay.</summary>
    public void ErasePersonalData()
    {
        Notes = [.. Notes.Select(n => n with { Text = "" })];
        FollowUps = [.. FollowUps.Select(f => f with { Note = "" })];
        Referrals = [.. Referrals.Select(r => r.ConsentOverrideReason is null ? r : r with { ConsentOverrideReason = "" })];
        Facts = Facts with { Consents = Facts.Consents with { SafeHours = "", CodeWord = "" } };
    }
}

/// <summary>
/// The case as the listing index shows it, in the clear: no personal data, only ids, codes and
/// times (Unix milliseconds, so the database orders them as numbers). Owner, region and the
/// routing-made statuses (new, assigned) are kept in the index by the contacts' own writes,
/// which may land while a case write is under way; a case write sets only the status its work
/// decided (null when none has), its activity and its next follow-up, and fills the rest only
/// for a case the index does not have yet.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.CaseIndexHeader")]
public sealed record CaseIndexHeader(
    [Id(0)] Guid CaseId,
    [Id(1)] string Region,
    [Id(2)] CaseStatus? Status,
    [Id(3)] string? Owner,
    [Id(4)] long LastActivityMs,
    [Id(5)] long? NextFollowUpMs,
    [Id(6)] CaseStatus RoutingStatus);
