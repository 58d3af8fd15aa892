using Hotline.Access;
using Hotline.Contacts;
using Hotline.Domain;

namespace Hotline.Cases;

/// <summary>A case as assembled from its contacts, first one first.</summary>
internal static class CaseView
{
    public static CaseSnapshot Snapshot(Guid caseId, IReadOnlyList<ContactSnapshot> contacts)
    {
        var first = contacts[0];
        var history = contacts.SelectMany(c => HistoryOf(caseId, c)).OrderBy(e => e.At).ToArray();
        var status = contacts.Any(c => c.ConnectedAt is not null) ? CaseStatus.Assigned : CaseStatus.New;
        var erasedAt = contacts.All(c => c.ErasedAt is not null) ? contacts.Max(c => c.ErasedAt) : null;
        return new CaseSnapshot(caseId, status, first.Region, Owner(contacts), [.. contacts.Select(c => c.ContactId)], history, first.ReceivedAt, erasedAt);
    }

    /// <summary>Who may see the case: its region, the operator who opened it, everyone who worked it.</summary>
    public static RecordScope Scope(IReadOnlyList<ContactSnapshot> contacts) =>
        new(contacts[0].Region, contacts[0].OpenedBy, [.. contacts.SelectMany(c => c.Scope.Responders).Distinct()]);

    /// <summary>The responder of the most recently connected contact.</summary>
    public static string? Owner(IEnumerable<ContactSnapshot> contacts) =>
        contacts.Where(c => c.ConnectedAt is not null).MaxBy(c => c.ConnectedAt)?.ResponderId;

    private static IEnumerable<CaseEvent> HistoryOf(Guid caseId, ContactSnapshot c)
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
                : new CaseEvent(ended, c.EndedByOperator ? CaseEventKind.ContactEnded : CaseEventKind.ContactCompleted, c.ContactId, c.ResponderId);
        }

        if (c.ErasedAt is { } erased)
        {
            yield return new CaseEvent(erased, CaseEventKind.PersonalDataErased, c.ContactId, null);
        }
    }
}
