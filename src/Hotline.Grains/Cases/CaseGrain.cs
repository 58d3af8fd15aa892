using Hotline.Domain;
using Hotline.Errors;

namespace Hotline.Cases;

/// <summary>One case file. See <see cref="ICaseGrain"/>.</summary>
public sealed class CaseGrain(
    [PersistentState("case", StorageNames.Hotline)] IPersistentState<CaseState> state) : Grain, ICaseGrain
{
    private Guid CaseId => this.GetPrimaryKey();

    public async Task<string?> OpenOrLink(Guid contactId, string region, DateTimeOffset at, bool mustExist)
    {
        var s = state.State;
        if (!state.RecordExists)
        {
            if (mustExist)
            {
                throw new NotFoundException("case", CaseId.ToString());
            }

            s.Status = CaseStatus.New;
            s.Region = region;
            s.OpenedAt = at;
            s.Contacts.Add(contactId);
            s.History.Add(new CaseEvent(at, CaseEventKind.Opened, contactId, null));
            await state.WriteStateAsync();
            return null;
        }

        if (!s.Contacts.Contains(contactId))
        {
            s.Contacts.Add(contactId);
            s.History.Add(new CaseEvent(at, CaseEventKind.ContactLinked, contactId, null));
            await state.WriteStateAsync();
        }

        return s.OwnerResponderId;
    }

    public Task RecordAssignment(Guid contactId, string responderId, DateTimeOffset at)
    {
        var s = state.State;
        s.OwnerResponderId = responderId;
        if (s.Status == CaseStatus.New)
        {
            s.Status = CaseStatus.Assigned;
        }

        s.History.Add(new CaseEvent(at, CaseEventKind.Assigned, contactId, responderId));
        return state.WriteStateAsync();
    }

    public Task RecordContactEvent(Guid contactId, CaseEventKind kind, string? actor, DateTimeOffset at)
    {
        state.State.History.Add(new CaseEvent(at, kind, contactId, actor));
        return state.WriteStateAsync();
    }

    public Task<CaseSnapshot?> Get()
    {
        if (!state.RecordExists)
        {
            return Task.FromResult<CaseSnapshot?>(null);
        }

        var s = state.State;
        return Task.FromResult<CaseSnapshot?>(new CaseSnapshot(CaseId, s.Status, s.Region, s.OwnerResponderId, [.. s.Contacts], [.. s.History], s.OpenedAt));
    }
}
