using Hotline.Access;
using Hotline.Audit;
using Hotline.Cases;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Ports;
using Hotline.Queues;
using Hotline.Responders;
using Hotline.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hotline.Contacts;

/// <summary>
/// One contact, or one follow-up or transfer of a case routed like a contact. What may happen
/// to it is <see cref="ContactLifecycle"/>'s to say and who may do it <see cref="AccessPolicy"/>'s;
/// this grain checks, writes the record (the one durable step of each change) and tells the
/// region's dispatcher and the responder.
/// </summary>
/// <remarks>
/// Past the usual length on purpose: each of its messages is a few lines of check, write and
/// tell, and the record must have one owner.
/// </remarks>
public sealed class ContactGrain(
    [PersistentState("contact", StorageNames.Hotline)] IPersistentState<ContactState> state,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock,
    IAuditLog audit,
    ICaseIndex cases,
    CallerKeys callerKeys,
    IOptions<AccessOptions> access,
    IOptionsMonitor<RoutingOptions> routing,
    OpeningHoursSource hours) : Grain, IContactGrain, IContactRouting
{
    private (string ResponderId, DateTimeOffset Deadline)? _offer;

    // While a change is being written, Get (which interleaves) shows the contact as last saved.
    private ContactSnapshot? _saved;

    private Guid ContactId => this.GetPrimaryKey();

    public async Task<ContactSnapshot> Open(OpenContactCommand command, Caller caller)
    {
        var role = AccessPolicy.Intake(caller, command.Region);
        if (role == Roles.None)
        {
            throw new PermissionDeniedException("Location");
        }

        if (state.RecordExists)
        {
            // A retry (the id is the operator's own): finish the job, and answer with a read.
            await RequeueIfWaitingAsync();
            return await Read(caller);
        }

        // Out of hours it waits in the on-call region, or as a call-back for the opening.
        var route = AfterHours.Route(hours.For(command.Region), command.Region, command.Channel, routing.CurrentValue.OnCall, clock.GetUtcNow());

        // Refused before anything is written or linked: a refused intake is not acknowledged, so nothing waits unseen.
        if (await GrainFactory.GetGrain<IDispatcherGrain>(route.Region).Admit(ContactId) is { } most)
        {
            throw new ResourceExhaustedException("Location", $"a region's queue holds at most {most} contacts waiting and this one is full; its supervisors are alerted - take the contact again shortly");
        }

        // The caller's reference goes no further than this line: only its keyed hash is kept.
        IReadOnlyList<string> onRecordAs = string.IsNullOrWhiteSpace(command.CallerReference) ? [] : callerKeys.Keys(command.CallerReference);
        var callerKey = onRecordAs.Count == 0 ? null : onRecordAs[0];
        var (caseId, previousResponder) = await CaseToJoinAsync(command, onRecordAs, caller);
        ContactLifecycle.Open(state.State, ContactId, command, callerKey, caseId, previousResponder, caller, role, clock.GetUtcNow());
        AfterHours.Apply(state.State, route);

        // The one durable step of intake: the record, and with it the database's index of
        // open contacts (from which the dispatcher rebuilds its queue after a restart), the
        // case index and the audit line of the intake.
        await state.WriteStateAsync();
        await Queue().Enqueue(state.State.ToWaiting());
        return Snapshot().As(caller);
    }

    public async Task<ContactSnapshot> OpenWork(WorkItem item, Caller by)
    {
        if (state.RecordExists)
        {
            await RequeueIfWaitingAsync();
            return Snapshot();
        }

        ContactLifecycle.OpenWork(state.State, ContactId, item, by, clock.GetUtcNow());
        await state.WriteStateAsync();
        await Queue().Enqueue(state.State.ToWaiting());
        return Snapshot();
    }

    public Task<ContactSnapshot?> Get() => Task.FromResult(Current()?.WithoutPersonalFields());

    public async Task<ContactSnapshot> Read(Caller caller)
    {
        var snapshot = Current() ?? throw AccessPolicy.Refusal(caller, "ContactId", "contact", ContactId);
        var role = AccessPolicy.Read(caller, snapshot.Scope, access.Value, clock.GetUtcNow());
        if (role == Roles.None)
        {
            throw AccessPolicy.Refusal(caller, "ContactId", "contact", ContactId);
        }

        await AuditAsync(snapshot.CaseId, caller, role, AuditActions.ContactRead);
        return snapshot.As(caller);
    }

    public Task<bool> BelongsTo(Guid caseId) => Task.FromResult(state.RecordExists && state.State.CaseId == caseId);

    public async Task<string> SummaryForOffer(Caller responder)
    {
        if (Current() is not { } snapshot)
        {
            return "";
        }

        await AuditAsync(snapshot.CaseId, responder, Roles.Responder, AuditActions.OfferShown);
        return snapshot.Summary;
    }

    public async Task<SafeContactRules?> SafeRulesForOffer(Caller responder) =>
        Current() is { } snapshot && SafeContact.IsGated(state.State) ? await GrainFactory.GetGrain<ICaseRouting>(snapshot.CaseId).SafeRulesForOffer(ContactId, responder) : null;

    public async Task MarkNotSafe(Caller caller)
    {
        var role = Authorize(caller, state.RecordExists ? CallerNotSafe.MayMark(caller, state.State, Snapshot().Scope) : Roles.None);
        await GrainFactory.GetGrain<ICaseRouting>(state.State.CaseId).MarkNotSafe(ContactId, state.State.Channel, caller with { Roles = role });
    }

    public async Task<ContactSnapshot> RecordOffline(OfflineContactCommand command, Caller caller)
    {
        if (state.RecordExists)
        {
            // A replay (the id is the responder's own): the same reply, nothing written again.
            return Snapshot();
        }

        var home = caller.ResponderId is { } id ? (await GrainFactory.GetGrain<IResponderGrain>(id).Get())?.Profile.HomeRegion : null;
        OfflineContact.EnsureMayRecord(caller, home, command.Region);
        OfflineContact.EnsureTimes(command, clock.GetUtcNow());
        if (command.CaseId is { } named)
        {
            await GrainFactory.GetGrain<ICaseRouting>(named == ContactId ? throw AccessPolicy.Refusal(caller, "CaseId", "case", named) : named).Link(ContactId, command.Region, caller);
        }

        OfflineContact.Record(state.State, ContactId, command, command.CaseId ?? HotlineIds.CaseForContact(ContactId), caller, clock.GetUtcNow());
        await state.WriteStateAsync();
        return Snapshot();
    }

    public async Task<bool> ApplyRules(SafeWindow? window, Channel channel, bool held, Caller by)
    {
        if (!state.RecordExists || state.State.Status != ContactStatus.Queued || !SafeContact.IsGated(state.State))
        {
            return false;
        }

        if (SafeContact.Changes(state.State, window, channel, held))
        {
            await SaveAsync(s => SafeContact.Apply(s, window, channel, held, by, clock.GetUtcNow()));
        }

        return await Queue().UpdateWaiting(state.State.ToWaiting());
    }

    public async Task<ContactSnapshot> Abandon(Caller caller)
    {
        var role = Authorize(caller, AccessPolicy.ActOnContact(caller, Snapshot().Scope));
        if (CallBackRules.SurvivesHangUp(state.State))
        {
            return Snapshot().As(caller);
        }

        ContactLifecycle.EnsureWaiting(state.State, "abandoned");
        if (!await Queue().Remove(ContactId))
        {
            throw new FailedPreconditionException("ContactId", "the contact is being connected to a responder and can no longer be abandoned");
        }

        try
        {
            await SaveAsync(s => ContactLifecycle.Abandon(s, caller, role, clock.GetUtcNow()));
        }
        catch
        {
            // Not on disk, so not abandoned: it waits again.
            await Queue().Return(state.State.ToWaiting());
            throw;
        }

        return Snapshot().As(caller);
    }

    public async Task<ContactSnapshot> RequestCallBack(Caller caller)
    {
        var role = Authorize(caller, AccessPolicy.ActOnContact(caller, Snapshot().Scope));
        if (CallBackRules.SurvivesHangUp(state.State))
        {
            // A repeat: make sure the queue has it as a call-back, and answer the same.
            await Queue().CallBack(state.State.ToWaiting(), retry: false);
            return Snapshot().As(caller);
        }

        // Reaching the person back follows the case's safe-contact rules (window, channel, hold).
        var gate = await GrainFactory.GetGrain<ICaseRouting>(state.State.CaseId).GateFor(state.State.Channel);
        var asked = state.State.Copy();
        CallBackRules.Request(asked, CallBackReason.CallerAsked, caller, role, clock.GetUtcNow());
        (asked.SafeWindow, asked.Channel, asked.Held) = gate;
        if (!await Queue().CallBack(asked.ToWaiting(), retry: false))
        {
            throw new FailedPreconditionException("ContactId", "the contact is being connected to a responder; the caller is answered now");
        }

        try
        {
            await SaveAsync(s =>
            {
                CallBackRules.Request(s, CallBackReason.CallerAsked, caller, role, asked.Change!.At);
                (s.SafeWindow, s.Channel, s.Held) = gate;
            });
        }
        catch
        {
            // Not on disk, so not a call-back: it waits as it did.
            await Queue().CallBack(state.State.ToWaiting(), retry: false);
            throw;
        }

        return Snapshot().As(caller);
    }

    public async Task<ContactSnapshot> RecordCallBack(string responderId, CallBackOutcome outcome, Caller caller)
    {
        var now = clock.GetUtcNow();
        var options = routing.CurrentValue.CallBack;
        Authorize(caller, caller.ResponderId == responderId ? Roles.Responder : Roles.None);
        if (CallBackRules.Record(state.State.Copy(), responderId, outcome, options, caller, now) is var result && result == CallBackResult.Repeated)
        {
            return Snapshot().As(caller);
        }

        await SaveAsync(s => CallBackRules.Record(s, responderId, outcome, options, caller, now));
        if (result is CallBackResult.WaitsAgain or CallBackResult.Unreached)
        {
            GrainFactory.GetGrain<IResponderRouting>(responderId).ContactEnded(ContactId).Ignore();
        }

        if (result == CallBackResult.WaitsAgain)
        {
            await Queue().CallBack(state.State.ToWaiting(), retry: true);
        }
        else if (result == CallBackResult.Unreached)
        {
            Queue().CallBackUnreached().Ignore();
        }

        return Snapshot().As(caller);
    }

    public async Task<ContactSnapshot> End(Caller caller)
    {
        var role = Authorize(caller, AccessPolicy.ActOnContact(caller, Snapshot().Scope));
        ContactLifecycle.EnsureEndable(state.State);
        var responderId = state.State.ResponderId!;
        await SaveAsync(s => ContactLifecycle.End(s, caller, role, clock.GetUtcNow()));
        GrainFactory.GetGrain<IResponderRouting>(responderId).ContactEnded(ContactId).Ignore();
        return Snapshot().As(caller);
    }

    public async Task Connect(string responderId, Caller by)
    {
        EnsureExists();
        await SaveAsync(s => ContactLifecycle.Connect(s, responderId, by, clock.GetUtcNow()));
    }

    public async Task Complete(string responderId, Caller by)
    {
        EnsureExists();
        await SaveAsync(s => ContactLifecycle.Complete(s, responderId, by, clock.GetUtcNow()));
    }

    public async Task<bool> DeclineTransfer(string responderId, Caller by)
    {
        EnsureExists();
        if (!ContactLifecycle.IsTransferWaitingFor(state.State, responderId))
        {
            return false;
        }

        await SaveAsync(s => ContactLifecycle.DeclineTransfer(s, by, clock.GetUtcNow()));
        return true;
    }

    public async Task<DateTimeOffset> Erase(Caller by)
    {
        EnsureExists();
        if (state.State.ErasedAt is { } erased)
        {
            return erased;
        }

        var now = clock.GetUtcNow();
        await SaveAsync(s => ContactLifecycle.Erase(s, by, now));
        return now;
    }

    public async Task<Guid> Reassign(string responderId, Caller caller)
    {
        var role = AuthorizeSupervisor(caller);
        ContactLifecycle.EnsureWaiting(state.State, "reassigned");
        var chosen = await GrainFactory.GetGrain<IResponderGrain>(responderId).GetAvailability();
        AccessPolicy.EnsureHandOff(caller, chosen?.HomeRegion, HandOff.ToResponder);
        if (chosen is null)
        {
            throw new FailedPreconditionException("ResponderId", "no responder is registered with this id");
        }

        var offerId = await Queue().Reassign(ContactId, chosen);
        await AuditAsync(state.State.CaseId, caller, role, AuditActions.ContactReassigned);
        return offerId;
    }

    public async Task<ContactSnapshot> MoveTo(string region, Caller caller)
    {
        var role = AuthorizeSupervisor(caller);
        AccessPolicy.EnsureHandOff(caller, region, HandOff.ToRegion);
        ContactLifecycle.EnsureWaiting(state.State, "moved");
        ContactLifecycle.EnsureMovable(state.State);
        if (region == state.State.Region)
        {
            // A retry of a move whose last step failed: make sure it waits there.
            await Queue().MoveIn(state.State.ToWaiting());
            return Snapshot();
        }

        var from = Queue();
        if (!await from.MoveOut(ContactId))
        {
            throw new FailedPreconditionException("ContactId", "the contact is being connected to a responder and can no longer be moved");
        }

        try
        {
            await SaveAsync(s => ContactLifecycle.MoveTo(s, region, caller, role, clock.GetUtcNow()));
        }
        catch
        {
            await from.Return(state.State.ToWaiting());
            throw;
        }

        await Queue().MoveIn(state.State.ToWaiting());
        return Snapshot();
    }

    public Task MarkOffered(string responderId, DateTimeOffset deadline)
    {
        _offer = state.State.Status == ContactStatus.Queued ? (responderId, deadline) : null;
        return Task.CompletedTask;
    }

    public Task MarkWaiting()
    {
        _offer = null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The case this contact joins and its owner: the one named, else the caller's open case in
    /// the region (found by the keyed hash of their number), else a new case of its own.
    /// </summary>
    private async Task<(Guid CaseId, string? Owner)> CaseToJoinAsync(OpenContactCommand command, IReadOnlyList<string> callerKeysOnRecord, Caller caller)
    {
        if (command.CaseId is { } named)
        {
            if (named == ContactId)
            {
                throw AccessPolicy.Refusal(caller, "CaseId", "case", named);
            }

            return (named, await GrainFactory.GetGrain<ICaseRouting>(named).Link(ContactId, command.Region, caller));
        }

        if (await OpenCaseOfCallerAsync(callerKeysOnRecord, command.Region) is { } returning)
        {
            try
            {
                return (returning, await GrainFactory.GetGrain<ICaseRouting>(returning).Link(ContactId, command.Region, caller));
            }
            catch (HotlineException)
            {
                // Closed or moved since the index was read: the contact opens a case of its own.
            }
        }

        return (HotlineIds.CaseForContact(ContactId), null);
    }

    /// <summary>
    /// Applies a change and writes it; the offer shown ends with it. Until the write lands, Get
    /// shows the contact as last saved; if it fails, the record is as it was.
    /// </summary>
    private async Task SaveAsync(Action<ContactState> change)
    {
        var before = state.State.Copy();
        _saved = Snapshot();
        try
        {
            change(state.State);
            _offer = null;
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = before;
            throw;
        }
        finally
        {
            _saved = null;
        }
    }

    private async Task RequeueIfWaitingAsync()
    {
        // If the first attempt stopped before the queue had it, finish the job.
        if (state.State.Status == ContactStatus.Queued)
        {
            await Queue().Enqueue(state.State.ToWaiting());
        }
    }

    private Task AuditAsync(Guid caseId, Caller caller, Roles role, string action) =>
        audit.AppendAsync(new AuditEntry(caseId, ContactId, clock.GetUtcNow(), caller.Subject, Caller.RoleName(role), action));

    /// <summary>The role under which the caller may act; refuses otherwise, alike for a missing contact.</summary>
    private Roles Authorize(Caller caller, Roles role) =>
        state.RecordExists && role != Roles.None ? role : throw AccessPolicy.Refusal(caller, "ContactId", "contact", ContactId);

    private Roles AuthorizeSupervisor(Caller caller) =>
        Authorize(caller, state.RecordExists ? AccessPolicy.Supervise(caller, Snapshot().Scope.Region) : Roles.None);

    private IDispatcherGrain Queue() => GrainFactory.GetGrain<IDispatcherGrain>(state.State.Region);

    /// <summary>The contact as last saved while a change is being written, else as it is; null when it does not exist.</summary>
    private ContactSnapshot? Current() => _saved ?? (state.RecordExists ? Snapshot() : null);

    private ContactSnapshot Snapshot()
    {
        var s = state.State;
        var status = s.Status == ContactStatus.Queued && _offer is not null ? ContactStatus.Offered : s.Status;
        return new ContactSnapshot(ContactId, s.CaseId, status, s.Channel, s.Language, s.Location, s.Region, s.Skills, s.Urgency,
            s.Summary, status == ContactStatus.Offered ? _offer?.ResponderId : s.ResponderId, s.ReceivedAt, s.ConnectedAt, s.EndedAt,
            status == ContactStatus.Offered ? _offer?.Deadline : null, s.EndedByOperator, s.CallerName, s.Callback, s.OpenedBy, s.ErasedAt,
            s.Kind, s.TransferRegion, s.Concerns, s.CaseRegion, s.JoinedByCaller, s.QueuedCallBack);
    }

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw new NotFoundException("contact", ContactId.ToString());
        }
    }

    /// <summary>The caller's open case in the region under any key they may be on record as.</summary>
    private async Task<Guid?> OpenCaseOfCallerAsync(IReadOnlyList<string> keys, string region)
    {
        foreach (var key in keys)
        {
            if (await cases.OpenCaseOfCaller(key, region) is { } open)
            {
                return open;
            }
        }

        return null;
    }
}
