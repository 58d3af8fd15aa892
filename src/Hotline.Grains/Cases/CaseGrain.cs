using Hotline.Access;
using Hotline.Audit;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Cases;

/// <summary>
/// One case file. See <see cref="ICaseGrain"/>. Reading, linking and erasure live here; the
/// work on a case (notes, facts, referrals, closing) in CaseGrain.Work, and the work routed
/// like a contact (transfers, follow-ups) in CaseGrain.Routing.
/// </summary>
public sealed partial class CaseGrain(
    [PersistentState("case", StorageNames.Hotline)] IPersistentState<CaseState> state,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock,
    IAuditLog audit,
    IErasureScrub scrub) : Grain, ICaseGrain, ICaseRouting
{
    private Guid CaseId => this.GetPrimaryKey();

    public async Task<string?> Link(Guid contactId, string region, Caller caller)
    {
        var view = await LoadAsync();
        if (view is null || AccessPolicy.Intake(caller, view.Region) == Roles.None)
        {
            throw AccessPolicy.Refusal(caller, "case_id", "case", CaseId);
        }

        if (view.Region != region)
        {
            // One region's supervisors see the whole case and its audit; a case split over two would not be.
            throw new FailedPreconditionException($"case_id: the case belongs to {view.Region}; a contact located in {region} cannot join it");
        }

        if (view.Status == CaseStatus.Closed)
        {
            throw CaseLifecycle.Refuse(CaseStatus.Closed, "reopen it before a contact joins it");
        }

        if (contactId != CaseId && !state.State.Contacts.Contains(contactId))
        {
            await CommitAsync(view, s => s.Contacts.Add(contactId));
        }

        return view.Owner;
    }

    public async Task<CaseSnapshot> Read(Caller caller)
    {
        var (view, role) = await ReadableAsync(caller);
        await audit.AppendAsync(new AuditEntry(CaseId, null, clock.GetUtcNow(), caller.Subject, Caller.RoleName(role), AuditActions.CaseRead));
        return view.Snapshot();
    }

    public async Task<CaseEvent[]> ReadHistory(Caller caller)
    {
        var (view, role) = await ReadableAsync(caller);
        await audit.AppendAsync(new AuditEntry(CaseId, null, clock.GetUtcNow(), caller.Subject, Caller.RoleName(role), AuditActions.HistoryRead));
        return view.History();
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAudit(Caller caller)
    {
        var view = await LoadAsync();
        var role = view is null ? Roles.None : AccessPolicy.ReadAudit(caller, view.Region);
        if (role == Roles.None)
        {
            throw caller.Is(Roles.Admin) && view is null
                ? new NotFoundException("case", CaseId.ToString())
                : AccessPolicy.Refusal(caller, "case_id", "case", CaseId);
        }

        await audit.AppendAsync(new AuditEntry(CaseId, null, clock.GetUtcNow(), caller.Subject, Caller.RoleName(role), AuditActions.AuditRead));
        return await audit.ReadAsync(CaseId);
    }

    public async Task<DateTimeOffset?> Erase(Caller by, DateTimeOffset? endedBefore)
    {
        var view = await LoadAsync() ?? throw new NotFoundException("case", CaseId.ToString());
        if (!await DropLinksNeverRecordedAsync(view))
        {
            // A linked contact is being opened right now: the case is not closed.
            return endedBefore is null
                ? throw new FailedPreconditionException("case_id: a contact of the case is being opened; try again when it has ended")
                : null;
        }

        view = await LoadAsync() ?? throw new NotFoundException("case", CaseId.ToString());
        if (view.Contacts.Any(c => c.EndedAt is null))
        {
            return endedBefore is null
                ? throw new FailedPreconditionException("case_id: the case has a contact still open; end it before erasing")
                : null;
        }

        if (view.Status is CaseStatus.InProgress or CaseStatus.Referred)
        {
            return endedBefore is null ? throw CaseLifecycle.Refuse(view.Status, "close it before erasing") : null;
        }

        if (endedBefore is { } cutoff && view.LastActivityAt >= cutoff)
        {
            return null;
        }

        var erasedAt = DateTimeOffset.MinValue;
        foreach (var contact in view.Contacts)
        {
            var at = await GrainFactory.GetGrain<IContactRouting>(contact.ContactId).Erase(by);
            erasedAt = at > erasedAt ? at : erasedAt;
        }

        if (state.RecordExists && HasPersonalText(state.State))
        {
            var now = clock.GetUtcNow();
            await CommitAsync(view, s => s.ErasePersonalData(), Change(AuditActions.CaseErased, by, by.Roles & Roles.Admin, now));
            erasedAt = now > erasedAt ? now : erasedAt;
        }

        await scrub.AfterErasureAsync();
        return erasedAt;
    }

    private static bool HasPersonalText(CaseState s) =>
        s.Notes.Any(n => n.Text.Length > 0) || s.FollowUps.Any(f => f.Note.Length > 0)
        || s.Referrals.Any(r => !string.IsNullOrEmpty(r.ConsentOverrideReason)) || s.Facts.Consents.SafeHours.Length > 0;

    /// <summary>The case for a caller allowed to read it, and the role under which they may; refused alike when missing.</summary>
    private async Task<(CaseView View, Roles Role)> ReadableAsync(Caller caller)
    {
        var view = await LoadAsync();
        var role = view is null ? Roles.None : AccessPolicy.Read(caller, view.Scope);
        return role == Roles.None ? throw AccessPolicy.Refusal(caller, "case_id", "case", CaseId) : (view!, role);
    }

    /// <summary>
    /// A link whose contact is not on record is either an intake still under way (the contact
    /// answers once it is done) or one that failed after linking and was never retried; the
    /// latter is dropped so it cannot hold the case open forever. False when one is under way.
    /// </summary>
    private async Task<bool> DropLinksNeverRecordedAsync(CaseView view)
    {
        var unrecorded = state.State.Contacts.Where(id => view.Contacts.All(c => c.ContactId != id)).ToList();
        if (unrecorded.Count == 0)
        {
            return true;
        }

        var dropped = new List<Guid>();
        foreach (var id in unrecorded)
        {
            if (await GrainFactory.GetGrain<IContactRouting>(id).BelongsTo(CaseId))
            {
                return false;
            }

            dropped.Add(id);
        }

        await CommitAsync(view, s => s.Contacts.RemoveAll(dropped.Contains));
        return true;
    }

    /// <summary>The case now; null when it does not exist.</summary>
    private async Task<CaseView?> LoadAsync()
    {
        var ids = new List<Guid>(1 + state.State.Contacts.Count) { CaseId };
        ids.AddRange(state.State.Contacts);
        var found = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IContactRouting>(id).Get()));
        if (found[0] is not { } first || first.CaseId != CaseId)
        {
            return null;
        }

        // A link whose contact never got written (its intake failed after linking) shows nothing.
        return new CaseView(CaseId, state.State, [.. found.OfType<ContactSnapshot>().Where(c => c.CaseId == CaseId)]);
    }

    /// <summary>
    /// Applies <paramref name="change"/> and writes the case with its index header and audit
    /// line; on a failed write the case is left exactly as it was.
    /// </summary>
    private async Task CommitAsync(CaseView view, Action<CaseState> change, ContactChange? audited = null)
    {
        var before = state.State;
        var next = Copy(before);
        change(next);
        next.Change = audited;
        state.State = next;
        next.Header = new CaseView(CaseId, next, view.Contacts).Header();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = before;
            throw;
        }
    }

    private static CaseState Copy(CaseState s) => new()
    {
        Contacts = [.. s.Contacts],
        Status = s.Status,
        Facts = s.Facts,
        Notes = [.. s.Notes],
        Referrals = [.. s.Referrals],
        FollowUps = [.. s.FollowUps],
        Events = [.. s.Events],
        TransfersRequested = s.TransfersRequested,
        Change = s.Change,
        Header = s.Header,
    };

    private static ContactChange Change(string action, Caller by, Roles role, DateTimeOffset at) =>
        new(action, by.Subject, Caller.RoleName(role), at);
}
