using Hotline.Access;
using Hotline.Audit;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Cases;

/// <summary>One case file. See <see cref="ICaseGrain"/>.</summary>
public sealed class CaseGrain(
    [PersistentState("case", StorageNames.Hotline)] IPersistentState<CaseState> state,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock,
    IAuditLog audit,
    IErasureScrub scrub) : Grain, ICaseGrain
{
    private Guid CaseId => this.GetPrimaryKey();

    public async Task<string?> Link(Guid contactId, string region, Caller caller)
    {
        var contacts = await ReadContactsAsync();
        if (contacts is null || AccessPolicy.Intake(caller, contacts[0].Region) == Roles.None)
        {
            throw AccessPolicy.Refusal(caller, "case_id", "case", CaseId);
        }

        if (contacts[0].Region != region)
        {
            // One region's supervisors see the whole case and its audit; a case split over two would not be.
            throw new FailedPreconditionException($"case_id: the case belongs to {contacts[0].Region}; a contact located in {region} cannot join it");
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

        return CaseView.Owner(contacts.Where(c => c.ContactId != contactId));
    }

    public async Task<CaseSnapshot> Read(Caller caller)
    {
        var contacts = await ReadContactsAsync();
        var role = contacts is null ? Roles.None : AccessPolicy.Read(caller, CaseView.Scope(contacts));
        if (role == Roles.None)
        {
            throw AccessPolicy.Refusal(caller, "case_id", "case", CaseId);
        }

        await audit.AppendAsync(new AuditEntry(CaseId, null, clock.GetUtcNow(), caller.Subject, Caller.RoleName(role), AuditActions.CaseRead));
        return CaseView.Snapshot(CaseId, contacts!);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAudit(Caller caller)
    {
        var contacts = await ReadContactsAsync();
        var role = contacts is null ? Roles.None : AccessPolicy.ReadAudit(caller, contacts[0].Region);
        if (role == Roles.None)
        {
            throw caller.Is(Roles.Admin) && contacts is null
                ? new NotFoundException("case", CaseId.ToString())
                : AccessPolicy.Refusal(caller, "case_id", "case", CaseId);
        }

        await audit.AppendAsync(new AuditEntry(CaseId, null, clock.GetUtcNow(), caller.Subject, Caller.RoleName(role), AuditActions.AuditRead));
        return await audit.ReadAsync(CaseId);
    }

    public async Task<DateTimeOffset?> Erase(Caller by, DateTimeOffset? endedBefore)
    {
        var contacts = await ReadContactsAsync() ?? throw new NotFoundException("case", CaseId.ToString());
        if (!await DropLinksNeverRecordedAsync(contacts))
        {
            // A linked contact is being opened right now: the case is not closed.
            return endedBefore is null
                ? throw new FailedPreconditionException("case_id: a contact of the case is being opened; try again when it has ended")
                : null;
        }

        if (contacts.Any(c => c.EndedAt is null))
        {
            return endedBefore is null
                ? throw new FailedPreconditionException("case_id: the case has a contact still open; end it before erasing")
                : null;
        }

        if (endedBefore is { } cutoff && contacts.Any(c => c.EndedAt >= cutoff))
        {
            return null;
        }

        var erasedAt = DateTimeOffset.MinValue;
        foreach (var contact in contacts)
        {
            var at = await GrainFactory.GetGrain<IContactGrain>(contact.ContactId).Erase(by);
            erasedAt = at > erasedAt ? at : erasedAt;
        }

        await scrub.AfterErasureAsync();
        return erasedAt;
    }

    /// <summary>
    /// A link whose contact is not on record is either an intake still under way (the contact
    /// answers once it is done) or one that failed after linking and was never retried; the
    /// latter is dropped so it cannot hold the case open forever. False when one is under way.
    /// </summary>
    private async Task<bool> DropLinksNeverRecordedAsync(List<ContactSnapshot> recorded)
    {
        var unrecorded = state.State.Contacts.Where(id => recorded.All(c => c.ContactId != id)).ToList();
        if (unrecorded.Count == 0)
        {
            return true;
        }

        var dropped = new List<Guid>();
        foreach (var id in unrecorded)
        {
            if (await GrainFactory.GetGrain<IContactGrain>(id).BelongsTo(CaseId))
            {
                return false;
            }

            dropped.Add(id);
        }

        state.State.Contacts.RemoveAll(dropped.Contains);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Contacts.AddRange(dropped);
            throw;
        }

        return true;
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
}
