using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Errors;

namespace Hotline.Cases;

/// <summary>One case file. See <see cref="ICaseGrain"/>.</summary>
public sealed class CaseGrain(
    [PersistentState("case", StorageNames.Hotline)] IPersistentState<CaseState> state) : Grain, ICaseGrain
{
    private Guid CaseId => this.GetPrimaryKey();

    public async Task<string?> Link(Guid contactId)
    {
        var contacts = await ReadContactsAsync();
        if (contacts is null)
        {
            throw new NotFoundException("case", CaseId.ToString());
        }

        if (contactId != CaseId && !state.State.Contacts.Contains(contactId))
        {
            state.State.Contacts.Add(contactId);
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.Contacts.Remove(contactId);
                throw;
            }
        }

        return Owner(contacts.Where(c => c.ContactId != contactId));
    }

    public async Task<CaseSnapshot?> Get()
    {
        var contacts = await ReadContactsAsync();
        if (contacts is null)
        {
            return null;
        }

        var first = contacts[0];
        var history = contacts.SelectMany(HistoryOf).OrderBy(e => e.At).ToArray();
        var status = contacts.Any(c => c.ConnectedAt is not null) ? CaseStatus.Assigned : CaseStatus.New;
        return new CaseSnapshot(CaseId, status, first.Region, Owner(contacts), [.. contacts.Select(c => c.ContactId)], history, first.ReceivedAt);
    }

    /// <summary>The case's contacts, first one first; null when the case does not exist.</summary>
    private async Task<List<ContactSnapshot>?> ReadContactsAsync()
    {
        var ids = new List<Guid>(1 + state.State.Contacts.Count) { CaseId };
        ids.AddRange(state.State.Contacts);
        var found = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IContactGrain>(id).Get()));
        if (found[0] is not { } first || first.CaseId != CaseId)
        {
            return null;
        }

        // A link whose contact never got written (its intake failed after linking) shows nothing.
        return [.. found.OfType<ContactSnapshot>().Where(c => c.CaseId == CaseId)];
    }

    /// <summary>The responder of the most recently connected contact.</summary>
    private static string? Owner(IEnumerable<ContactSnapshot> contacts) =>
        contacts.Where(c => c.ConnectedAt is not null).MaxBy(c => c.ConnectedAt)?.ResponderId;

    private IEnumerable<CaseEvent> HistoryOf(ContactSnapshot c)
    {
        yield return new CaseEvent(c.ReceivedAt, c.ContactId == CaseId ? CaseEventKind.Opened : CaseEventKind.ContactLinked, c.ContactId, null);
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
    }
}
