using Hotline.Access;
using Hotline.Contacts;
using Hotline.Domain;

namespace Hotline.Cases;

/// <summary>
/// A case as it stands now, assembled from its own state and its contacts and work items
/// (first contact first): who owns it, where it belongs, what is open.
/// </summary>
public sealed class CaseView(Guid caseId, CaseState state, IReadOnlyList<ContactSnapshot> contacts)
{
    public Guid CaseId => caseId;

    public IReadOnlyList<ContactSnapshot> Contacts => contacts;

    public ContactSnapshot First => contacts[0];

    /// <summary>The responder of the latest contact connected or transfer accepted (follow-ups do not change it).</summary>
    public string? Owner => CaseOwnership.LatestOwning(contacts)?.ResponderId;

    /// <summary>
    /// The region of the latest accepted transfer that moved it, else its first contact's
    /// (where it was opened, even if a supervisor moved it to wait elsewhere).
    /// </summary>
    public string Region => CaseOwnership.Region(contacts);

    /// <summary>The status work set, else what routing says: assigned once someone took it, new before.</summary>
    public CaseStatus Status => CaseOwnership.Status(state.Status, Owner);

    /// <summary>A transfer offered and not yet accepted, declined or cancelled.</summary>
    public ContactSnapshot? PendingTransfer => contacts.FirstOrDefault(c => c.Kind == WorkKind.Transfer && c.EndedAt is null);

    /// <summary>Contacts and follow-ups waiting or being worked.</summary>
    public bool HasOpenWork => contacts.Any(c => c.Kind != WorkKind.Transfer && c.EndedAt is null);

    /// <summary>
    /// Who may see the case: its region, the operator who opened it, everyone who worked it with
    /// the end of their last contact or follow-up on it; its owner's work goes on while it is theirs.
    /// </summary>
    public RecordScope Scope
    {
        get
        {
            var worked = contacts.Where(c => c.Worker is not null).GroupBy(c => c.Worker!).ToDictionary(
                g => g.Key, g => g.Any(c => c.EndedAt is null) ? null : g.Max(c => c.EndedAt));
            if (Owner is { } owner)
            {
                worked[owner] = null;
            }

            return new RecordScope(Region, First.OpenedBy, First.ReceivedAt, worked);
        }
    }

    public DateTimeOffset LastActivityAt
    {
        get
        {
            var latest = contacts.Max(c => c.EndedAt ?? c.ConnectedAt ?? c.ReceivedAt);
            return state.Events.Count > 0 && state.Events[^1].At > latest ? state.Events[^1].At : latest;
        }
    }

    public DateTimeOffset? NextFollowUpAt => state.FollowUps.Where(f => f.Pending).Select(f => (DateTimeOffset?)f.DueAt).Min();

    public CaseIndexHeader Header() =>
        new(caseId, Region, state.Status, Owner, LastActivityAt.ToUnixTimeMilliseconds(), NextFollowUpAt?.ToUnixTimeMilliseconds(), CaseOwnership.RoutingStatus(Owner));

    public CaseSnapshot Snapshot()
    {
        var history = contacts.SelectMany(HistoryOf).Concat(state.Events).OrderBy(e => e.At).ToArray();
        var people = contacts.Where(c => c.Kind == WorkKind.Contact).ToList();
        var erasedAt = people.All(c => c.ErasedAt is not null) ? people.Max(c => c.ErasedAt) : null;
        return new CaseSnapshot(caseId, Status, Region, Owner, [.. contacts.Where(c => c.Kind != WorkKind.Transfer).Select(c => c.ContactId)],
            history, First.ReceivedAt, erasedAt, state.Facts, [.. state.Notes], [.. state.Referrals], [.. state.FollowUps], LastActivityAt,
            PendingTransfer?.ContactId, state.NotSafeSince);
    }

    public CaseEvent[] History() => Snapshot().History;

    private IEnumerable<CaseEvent> HistoryOf(ContactSnapshot c) => c.Kind switch
    {
        WorkKind.Transfer => TransferHistory(c),
        WorkKind.FollowUp => FollowUpHistory(c),
        _ => ContactHistory(c),
    };

    private IEnumerable<CaseEvent> ContactHistory(ContactSnapshot c)
    {
        yield return new CaseEvent(c.ReceivedAt, c.ContactId == caseId ? CaseEventKind.Opened : CaseEventKind.ContactLinked, c.ContactId, null);
        if (c.ConnectedAt is { } connected)
        {
            yield return new CaseEvent(connected, CaseEventKind.Assigned, c.ContactId, c.ResponderId);
        }

        if (c.EndedAt is { } ended)
        {
            yield return c.Status == ContactStatus.Abandoned
                ? new CaseEvent(ended, CaseEventKind.ContactAbandoned, c.ContactId, null)
                : c.Status == ContactStatus.Unreached
                ? new CaseEvent(ended, CaseEventKind.CallBackUnreached, c.ContactId, c.ResponderId, Detail: c.QueuedCallBack?.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : new CaseEvent(ended, c.EndedByOperator ? CaseEventKind.ContactEnded : CaseEventKind.ContactCompleted, c.ContactId, c.ResponderId);
        }

        if (c.ErasedAt is { } erased)
        {
            yield return new CaseEvent(erased, CaseEventKind.PersonalDataErased, c.ContactId, null);
        }
    }

    private static IEnumerable<CaseEvent> TransferHistory(ContactSnapshot c)
    {
        if (c.Status == ContactStatus.Completed && c.ConnectedAt is { } accepted)
        {
            yield return new CaseEvent(accepted, CaseEventKind.TransferAccepted, c.ContactId, c.ResponderId, Detail: c.TransferRegion);
        }
        else if (c.Status == ContactStatus.Declined && c.EndedAt is { } declined)
        {
            yield return new CaseEvent(declined, CaseEventKind.TransferDeclined, c.ContactId, null);
        }
        else if (c.Status == ContactStatus.Abandoned && c.EndedAt is { } cancelled)
        {
            yield return new CaseEvent(cancelled, CaseEventKind.TransferCancelled, c.ContactId, null);
        }
    }

    private static IEnumerable<CaseEvent> FollowUpHistory(ContactSnapshot c)
    {
        if (c.ConnectedAt is { } connected)
        {
            yield return new CaseEvent(connected, CaseEventKind.Assigned, c.ContactId, c.ResponderId, c.Concerns);
        }

        if (c.EndedAt is { } ended)
        {
            yield return c.Status == ContactStatus.Abandoned
                ? new CaseEvent(ended, CaseEventKind.FollowUpCancelled, c.ContactId, null, c.Concerns)
                : new CaseEvent(ended, CaseEventKind.FollowUpCompleted, c.ContactId, c.ResponderId, c.Concerns);
        }
    }
}
