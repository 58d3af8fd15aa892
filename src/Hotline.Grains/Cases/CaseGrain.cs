using Hotline.Access;
using Hotline.Audit;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Ports;
using Hotline.Supervision;
using Hotline.Routing;
using Hotline.Responders;
using Hotline.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hotline.Cases;

/// <summary>
/// One case file. See <see cref="ICaseGrain"/>. What work is allowed and what it writes is the
/// domain's (<see cref="CaseWork"/>, <see cref="CaseRoutedWork"/>, <see cref="CaseView"/>); this
/// grain checks the caller, assembles the case from its contacts, writes, and routes items.
/// </summary>
/// <remarks>
/// Past the usual length on purpose: a dozen kinds of work, each a few lines of check, write
/// and tell, on one file whose state must have one owner.
/// </remarks>
public sealed class CaseGrain(
    [PersistentState("case", StorageNames.Hotline)] IPersistentState<CaseState> state,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock,
    IAuditLog audit,
    ICaseKeys keys,
    IErasureScrub scrub,
    IOptions<AccessOptions> access,
    IOptions<CaseLimits> limits) : Grain, ICaseGrain, ICaseRouting
{
    private Guid CaseId => this.GetPrimaryKey();

    public async Task<string?> Link(Guid contactId, string region, Caller caller)
    {
        var view = await LoadAsync();
        // An operator's intake, or an offline contact its owner records.
        if (view is null || (AccessPolicy.Intake(caller, view.Region) == Roles.None && AccessPolicy.WorkOnCase(caller, view.Region, view.Owner) == Roles.None))
        {
            throw AccessPolicy.Refusal(caller, "CaseId", "case", CaseId);
        }

        if (view.Region != region)
        {
            // One region's supervisors see the whole case and its audit; a case split over two would not be.
            throw new FailedPreconditionException("CaseId", $"the case belongs to {view.Region}; a contact located in {region} cannot join it");
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
                : AccessPolicy.Refusal(caller, "CaseId", "case", CaseId);
        }

        await audit.AppendAsync(new AuditEntry(CaseId, null, clock.GetUtcNow(), caller.Subject, Caller.RoleName(role), AuditActions.AuditRead));
        return await audit.ReadAsync(CaseId);
    }

    public Task<DateTimeOffset?> Erase(Caller by, DateTimeOffset? endedBefore) => EraseAsync(by, endedBefore, quiet: endedBefore is not null);

    /// <summary>
    /// Erases when nothing of the case is open or in progress and, with <paramref name="endedBefore"/>,
    /// nothing happened on it since; <paramref name="quiet"/> (retention) returns null where a
    /// request would be refused with the reason.
    /// </summary>
    private async Task<DateTimeOffset?> EraseAsync(Caller by, DateTimeOffset? endedBefore, bool quiet)
    {
        var view = await LoadAsync() ?? throw new NotFoundException("case", CaseId.ToString());
        if (!await DropLinksNeverRecordedAsync(view))
        {
            // A linked contact is being opened right now: the case is not closed.
            return quiet ? null : throw new FailedPreconditionException("CaseId", "a contact of the case is being opened; try again when it has ended");
        }

        view = await LoadAsync() ?? throw new NotFoundException("case", CaseId.ToString());
        if (view.Contacts.Any(c => c.EndedAt is null))
        {
            return quiet ? null : throw new FailedPreconditionException("CaseId", "the case has a contact still open; end it before erasing");
        }

        if (view.Status is CaseStatus.InProgress or CaseStatus.Referred)
        {
            return quiet ? null : throw CaseLifecycle.Refuse(view.Status, "close it before erasing");
        }

        if (endedBefore is { } cutoff && view.LastActivityAt >= cutoff)
        {
            return null;
        }

        // The case's data key goes first: from here on no copy of its sealed fields opens,
        // whatever happens to the writes that clear them below.
        await keys.DestroyAsync(CaseId, clock.GetUtcNow());
        var erasedAt = DateTimeOffset.MinValue;
        foreach (var contact in view.Contacts)
        {
            var at = await GrainFactory.GetGrain<IContactRouting>(contact.ContactId).Erase(by);
            erasedAt = at > erasedAt ? at : erasedAt;
        }

        if (state.RecordExists && state.State.HasPersonalText)
        {
            var now = clock.GetUtcNow();
            await CommitAsync(view, s => s.ErasePersonalData(), Change(AuditActions.CaseErased, by, by.Roles & Roles.Admin, now));
            erasedAt = now > erasedAt ? now : erasedAt;
        }

        await scrub.AfterErasureAsync();
        return erasedAt;
    }

    public async Task<DateTimeOffset?> Expire(Caller by, DateTimeOffset inactiveBefore)
    {
        var view = await LoadAsync();
        if (view is null || view.Status is not (CaseStatus.InProgress or CaseStatus.Referred) || view.LastActivityAt >= inactiveBefore
            || view.HasOpenWork || view.PendingTransfer is not null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        await CommitAsync(view, s => CaseWork.Close(s, by, now), Change(AuditActions.CaseClosed, by, by.Roles & Roles.Admin, now));
        return await EraseAsync(by, endedBefore: null, quiet: true);
    }

    public async Task<CaseNote> AddNote(string text, Guid? corrects, Caller caller)
    {
        var view = await LoadAsync();
        var (v, role) = Permitted(view, view is null ? Roles.None : AccessPolicy.NoteOnCase(caller, view.Scope, view.Owner, access.Value, clock.GetUtcNow()), caller);
        var note = CaseWork.Note(v, state.State, text, corrects, caller, role, clock.GetUtcNow());
        await CommitAsync(v, s => CaseWork.AddNote(v, s, note, caller), Change(AuditActions.NoteAdded, caller, role, note.At));
        return note;
    }

    public async Task<CaseSnapshot> UpdateFacts(CaseFactsUpdate update, Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        CaseWork.RefuseWhenClosed(view, "reopen it to change its facts");
        var now = clock.GetUtcNow();
        var before = state.State.Facts;
        var facts = update.ApplyTo(before);
        await CommitAsync(view, s => CaseWork.UpdateFacts(view, s, facts, caller, now), Change(AuditActions.FactsUpdated, caller, role, now));
        if (facts.Consents != before.Consents)
        {
            await ApplyGateAsync(view, caller with { Roles = role });
        }
        if (CaseWork.RaisesRisk(before, facts))
        {
            // Saved first: the alert points at what a supervisor can read now.
            var open = view.Contacts.LastOrDefault(c => c.Kind == WorkKind.Contact && c.EndedAt is null);
            GrainFactory.GetGrain<IDispatcherGrain>(view.Region).RaiseAlert(new CrisisAlert(view.Region, AlertReason.RiskRaised, CaseId,
                open?.ContactId, open?.Channel, now, now)).Ignore();
        }

        return await SnapshotAsync();
    }

    public async Task<Referral> Refer(ReferralRequest request, Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        CallerNotSafe.EnsureNothingOutward(state.State, request.OrganisationIsOutside);
        var referral = CaseWork.Referral(view, state.State, request, caller, role, clock.GetUtcNow());
        var action = referral.ConsentOverriddenBy is null ? AuditActions.ReferralRequested : AuditActions.ConsentOverridden;
        await CommitAsync(view, s => CaseWork.AddReferral(view, s, referral, caller), Change(action, caller, role, referral.RequestedAt));
        return referral;
    }

    public async Task<Referral> UpdateReferral(Guid referralId, ReferralStatus status, Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        var now = clock.GetUtcNow();
        var (index, updated) = CaseWork.UpdatedReferral(view, state.State, referralId, status, now);
        await CommitAsync(view, s =>
        {
            s.Referrals[index] = updated;
            s.Events.Add(new CaseEvent(now, CaseEventKind.ReferralUpdated, null, caller.Subject, referralId, status.ToString().ToLowerInvariant()));
        }, Change(AuditActions.ReferralUpdated, caller, role, now));
        return updated;
    }

    public async Task MarkNotSafe(Guid contactId, Channel channel, Caller by)
    {
        var view = await LoadAsync() ?? throw new NotFoundException("case", CaseId.ToString());
        if (state.State.NotSafeSince is null)
        {
            var now = clock.GetUtcNow();
            await CommitAsync(view, s => CallerNotSafe.Mark(s, contactId, by, now), Change(AuditActions.CallerNotSafe, by, by.Roles, now));
            GrainFactory.GetGrain<IDispatcherGrain>(view.Region).RaiseAlert(CallerNotSafe.Alert(view.Region, CaseId, contactId, channel, now)).Ignore();
        }

        // The contact being ended calls in here: it is not asked back (it would wait on itself).
        await ApplyGateAsync(view, by, except: contactId);
    }

    public async Task<CaseSnapshot> ClearNotSafe(Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        if (state.State.NotSafeSince is not null)
        {
            var now = clock.GetUtcNow();
            await CommitAsync(view, s => CallerNotSafe.Clear(s, caller, now), Change(AuditActions.NotSafeCleared, caller, role, now));
            await ApplyGateAsync(view, caller with { Roles = role });
            await RouteDueFollowUps();
        }

        return await SnapshotAsync();
    }

    public Task<(SafeWindow? Window, Channel Channel, bool Held)> GateFor(Channel fallback) => Task.FromResult(SafeContact.GateOf(state.State, fallback));

    public async Task<SafeContactRules?> SafeRulesForOffer(Guid contactId, Caller responder)
    {
        if (!state.State.Contacts.Contains(contactId) || !SafeContact.HasRules(state.State.Facts.Consents))
        {
            return null;
        }

        await audit.AppendAsync(new AuditEntry(CaseId, contactId, clock.GetUtcNow(), responder.Subject, Caller.RoleName(Roles.Responder), AuditActions.SafeRulesShown));
        return SafeContact.RulesOf(state.State.Facts.Consents);
    }

    public async Task<CaseSnapshot> Close(Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        CaseWork.EnsureClosable(view, checkOpenWork: false);

        // A contact linked a moment ago but not yet recorded would otherwise slip into a closed case.
        if (!await DropLinksNeverRecordedAsync(view))
        {
            throw new FailedPreconditionException("CaseId", "a contact of the case is being opened; finish it before closing");
        }

        view = await LoadAsync() ?? throw AccessPolicy.Refusal(caller, "CaseId", "case", CaseId);
        CaseWork.EnsureClosable(view, checkOpenWork: true);
        var now = clock.GetUtcNow();
        await CommitAsync(view, s => CaseWork.Close(s, caller, now), Change(AuditActions.CaseClosed, caller, role, now));
        return await SnapshotAsync();
    }

    public async Task<CaseSnapshot> Reopen(Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        CaseWork.EnsureReopenable(view);
        var now = clock.GetUtcNow();
        await CommitAsync(view, s => CaseWork.SetStatus(s, CaseStatus.InProgress, caller, now), Change(AuditActions.CaseReopened, caller, role, now));
        return await SnapshotAsync();
    }

    public async Task<Guid> Transfer(TransferTarget target, string reason, Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        CaseRoutedWork.EnsureTransferable(view);
        var responder = target.ResponderId is { } id ? await GrainFactory.GetGrain<IResponderGrain>(id).Get() : null;
        var item = CaseRoutedWork.TransferItem(view, state.State, target, reason, responder);
        var now = clock.GetUtcNow();
        var number = state.State.TransfersRequested + 1;
        var itemId = HotlineIds.TransferItem(CaseId, number);
        await CommitAsync(view, s => CaseRoutedWork.AddTransfer(s, itemId, number, target, caller, now));

        // Recorded on the case first, so a failure here leaves a link the case drops or a retry finishes.
        await GrainFactory.GetGrain<IContactRouting>(itemId).OpenWork(item, caller with { Roles = role });
        return itemId;
    }

    public async Task<FollowUp> ScheduleFollowUp(FollowUpRequest request, Caller caller)
    {
        var (view, role) = await WorkableAsync(caller);
        var followUp = CaseRoutedWork.FollowUp(view, state.State, request, caller, clock.GetUtcNow());
        await CommitAsync(view, s => CaseRoutedWork.AddFollowUp(view, s, followUp, caller), Change(AuditActions.FollowUpScheduled, caller, role, followUp.ScheduledAt));
        return followUp;
    }

    public async Task<int> RouteDueFollowUps()
    {
        var now = clock.GetUtcNow();
        var due = CaseRoutedWork.Due(state.State, now);
        if (due.Count == 0 || await LoadAsync() is not { } view)
        {
            return 0;
        }

        if (CaseRoutedWork.HasUnroutable(view, state.State, due))
        {
            await CommitAsync(view, s => CaseRoutedWork.CancelUnroutable(view, s, now));
            due = CaseRoutedWork.Due(state.State, now);
        }

        foreach (var followUp in due)
        {
            var itemId = HotlineIds.FollowUpItem(followUp.FollowUpId);
            if (!state.State.Contacts.Contains(itemId))
            {
                await CommitAsync(view, s => s.Contacts.Add(itemId));
            }

            await GrainFactory.GetGrain<IContactRouting>(itemId).OpenWork(CaseRoutedWork.FollowUpItem(view, state.State, followUp), CaseRoutedWork.FollowUpScheduler);
            var routedAt = clock.GetUtcNow();
            await CommitAsync(view, s => CaseRoutedWork.MarkRouted(s, followUp, itemId, routedAt));
        }

        return due.Count;
    }

    /// <summary>
    /// The case's gate (safe window, channel, hold) on each of its follow-ups and call-backs still
    /// waiting, and their queue entries; a contact with its caller on the line is left alone (see
    /// <see cref="SafeContact.IsGated"/>).
    /// </summary>
    private Task ApplyGateAsync(CaseView view, Caller by, Guid? except = null)
    {
        var (window, channel, held) = SafeContact.GateOf(state.State, view.First.Channel);
        return Task.WhenAll(view.Contacts.Where(c => c.Kind != WorkKind.Transfer && c.EndedAt is null && c.ContactId != except)
            .Select(c => GrainFactory.GetGrain<IContactRouting>(c.ContactId).ApplyRules(window, channel, held, by)));
    }

    /// <summary>The case for a caller who may work it, and the role under which they may; refused alike when missing.</summary>
    private async Task<(CaseView View, Roles Role)> WorkableAsync(Caller caller)
    {
        var view = await LoadAsync();
        return Permitted(view, view is null ? Roles.None : AccessPolicy.WorkOnCase(caller, view.Region, view.Owner), caller);
    }

    private (CaseView View, Roles Role) Permitted(CaseView? view, Roles role, Caller caller) =>
        view is null || role == Roles.None ? throw AccessPolicy.Refusal(caller, "CaseId", "case", CaseId) : (view, role);

    private async Task<CaseSnapshot> SnapshotAsync() =>
        (await LoadAsync() ?? throw new NotFoundException("case", CaseId.ToString())).Snapshot();

    /// <summary>The case for a caller allowed to read it, and the role under which they may; refused alike when missing.</summary>
    private async Task<(CaseView View, Roles Role)> ReadableAsync(Caller caller)
    {
        var view = await LoadAsync();
        var role = view is null ? Roles.None : AccessPolicy.Read(caller, view.Scope, access.Value, clock.GetUtcNow());
        return role == Roles.None ? throw AccessPolicy.Refusal(caller, "CaseId", "case", CaseId) : (view!, role);
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
        var next = before.Copy();
        change(next);
        limits.Value.EnsureRoom(before, next);
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

    private static ContactChange Change(string action, Caller by, Roles role, DateTimeOffset at) =>
        new(action, by.Subject, Caller.RoleName(role), at);
}
