using Hotline.Access;
using Hotline.Audit;
using Hotline.Cases;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Queues;
using Hotline.Responders;
using Hotline.Routing;
using Hotline.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Contacts;

/// <summary>
/// One contact's life: Received, Queued, Offered, Connected, Completed or Abandoned. A case's
/// follow-ups and transfers are routed as contacts too (ContactGrain.Work).
/// </summary>
public sealed partial class ContactGrain(
    [PersistentState("contact", StorageNames.Hotline)] IPersistentState<ContactState> state,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock,
    IAuditLog audit,
    ICaseIndex cases) : Grain, IContactGrain
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
            throw new PermissionDeniedException("location");
        }

        if (state.RecordExists)
        {
            // A retry (the id is the operator's own). If the first attempt stopped before the
            // queue had it, finish the job. The answer shows the record as it is now: a read.
            if (state.State.Status == ContactStatus.Queued)
            {
                await Queue().Enqueue(state.State.ToWaiting());
            }

            return await Read(caller);
        }

        var now = clock.GetUtcNow();
        var (caseId, previousResponder) = await CaseToJoinAsync(command, caller);

        var s = state.State;
        s.ContactId = ContactId;
        s.RequestId = command.RequestId;
        s.CaseId = caseId;
        s.Status = ContactStatus.Queued;
        s.Channel = command.Channel;
        s.Language = command.Language;
        s.Location = command.Location;
        s.Region = command.Region;
        s.Skills = command.Skills;
        s.Urgency = command.Urgency;
        s.Summary = command.Summary;
        s.CallerName = command.CallerName;
        s.Callback = command.Callback;
        s.CallerKey = command.CallerKey;
        s.ReceivedAt = now;
        s.PreferredResponderId = previousResponder;
        s.OpenedBy = caller.Subject;
        s.Change = Change(caseId == ContactId ? AuditActions.CaseOpened : AuditActions.ContactLinked, caller, role, now);

        // The one durable step of intake: the record, and with it the database's index of
        // open contacts (from which the dispatcher rebuilds its queue after a restart) and
        // the audit line of the intake.
        await state.WriteStateAsync();
        await Queue().Enqueue(s.ToWaiting());
        return Snapshot();
    }

    /// <summary>
    /// The case this contact joins and its owner: the one named, else the caller's open case in
    /// the region (found by the keyed hash of their number), else a new case of its own.
    /// </summary>
    private async Task<(Guid CaseId, string? Owner)> CaseToJoinAsync(OpenContactCommand command, Caller caller)
    {
        if (command.CaseId is { } named)
        {
            if (named == ContactId)
            {
                throw AccessPolicy.Refusal(caller, "case_id", "case", named);
            }

            return (named, await GrainFactory.GetGrain<ICaseGrain>(named).Link(ContactId, command.Region, caller));
        }

        if (command.CallerKey is { } key && await cases.OpenCaseOfCaller(key, command.Region) is { } returning)
        {
            try
            {
                return (returning, await GrainFactory.GetGrain<ICaseGrain>(returning).Link(ContactId, command.Region, caller));
            }
            catch (HotlineException)
            {
                // Closed or moved since the index was read: the contact opens a case of its own.
            }
        }

        return (HotlineIds.CaseForContact(ContactId), null);
    }

    public Task<ContactSnapshot?> Get() => Task.FromResult(Current());

    public async Task<ContactSnapshot> Read(Caller caller)
    {
        var snapshot = Current();
        if (snapshot is null)
        {
            throw AccessPolicy.Refusal(caller, "contact_id", "contact", ContactId);
        }

        var role = AccessPolicy.Read(caller, snapshot.Scope);
        if (role == Roles.None)
        {
            throw AccessPolicy.Refusal(caller, "contact_id", "contact", ContactId);
        }

        await audit.AppendAsync(new AuditEntry(snapshot.CaseId, ContactId, clock.GetUtcNow(), caller.Subject, Caller.RoleName(role), AuditActions.ContactRead));
        return snapshot;
    }

    public Task<bool> BelongsTo(Guid caseId) => Task.FromResult(state.RecordExists && state.State.CaseId == caseId);

    public async Task<string> SummaryForOffer(Caller responder)
    {
        if (Current() is not { } snapshot)
        {
            return "";
        }

        await audit.AppendAsync(new AuditEntry(snapshot.CaseId, ContactId, clock.GetUtcNow(), responder.Subject, Caller.RoleName(Roles.Responder), AuditActions.OfferShown));
        return snapshot.Summary;
    }

    public async Task<ContactSnapshot> Abandon(Caller caller)
    {
        var role = Authorize(caller);
        if (state.State.Status != ContactStatus.Queued)
        {
            throw new FailedPreconditionException($"contact_id: the contact is {Describe(state.State.Status)}; only a waiting contact can be abandoned");
        }

        if (!await Queue().Remove(ContactId))
        {
            throw new FailedPreconditionException("contact_id: the contact is being connected to a responder and can no longer be abandoned");
        }

        try
        {
            var action = state.State.Kind switch
            {
                WorkKind.Transfer => AuditActions.TransferCancelled,
                WorkKind.FollowUp => AuditActions.FollowUpCancelled,
                _ => AuditActions.ContactAbandoned,
            };
            await FinishAsync(ContactStatus.Abandoned, endedByOperator: false, Change(action, caller, role, clock.GetUtcNow()));
        }
        catch
        {
            // Not on disk, so not abandoned: it waits again.
            await Queue().Return(state.State.ToWaiting());
            throw;
        }

        return Snapshot();
    }

    public async Task<ContactSnapshot> End(Caller caller)
    {
        var role = Authorize(caller);
        if (state.State.Status != ContactStatus.Connected)
        {
            throw new FailedPreconditionException($"contact_id: the contact is {Describe(state.State.Status)}; only a connected contact can be ended (abandon a waiting one)");
        }

        var responderId = state.State.ResponderId!;
        await FinishAsync(ContactStatus.Completed, endedByOperator: true, Change(AuditActions.ContactEnded, caller, role, clock.GetUtcNow()));
        GrainFactory.GetGrain<IResponderGrain>(responderId).ContactEnded(ContactId).Ignore();
        return Snapshot();
    }

    public async Task Connect(string responderId, Caller by)
    {
        EnsureExists();
        if (state.State.Status != ContactStatus.Queued)
        {
            throw new FailedPreconditionException($"contact_id: the contact is {Describe(state.State.Status)} and cannot be connected");
        }

        var s = state.State;
        var previous = (s.Status, s.ResponderId, s.ConnectedAt, s.EndedAt, s.Change);
        _saved = Snapshot();
        _offer = null;
        var now = clock.GetUtcNow();
        s.ResponderId = responderId;
        s.ConnectedAt = now;
        if (s.Kind == WorkKind.Transfer)
        {
            // Accepting a transfer is the whole of it: the case is theirs, nothing stays open.
            s.Status = ContactStatus.Completed;
            s.EndedAt = now;
            s.Change = Change(AuditActions.TransferAccepted, by, Roles.Responder, now);
        }
        else
        {
            s.Status = ContactStatus.Connected;
            s.Change = Change(s.Kind == WorkKind.FollowUp ? AuditActions.FollowUpConnected : AuditActions.ContactConnected, by, Roles.Responder, now);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (s.Status, s.ResponderId, s.ConnectedAt, s.EndedAt, s.Change) = previous;
            throw;
        }
        finally
        {
            _saved = null;
        }
    }

    public async Task Complete(string responderId, Caller by)
    {
        EnsureExists();
        if (state.State.Status != ContactStatus.Connected || state.State.ResponderId != responderId)
        {
            throw new FailedPreconditionException("contact_id: the contact is not connected to this responder");
        }

        var action = state.State.Kind == WorkKind.FollowUp ? AuditActions.FollowUpCompleted : AuditActions.ContactCompleted;
        await FinishAsync(ContactStatus.Completed, endedByOperator: false, Change(action, by, Roles.Responder, clock.GetUtcNow()));
    }

    public async Task<DateTimeOffset> Erase(Caller by)
    {
        EnsureExists();
        var s = state.State;
        if (s.ErasedAt is { } erased)
        {
            return erased;
        }

        if (s.EndedAt is null)
        {
            throw new FailedPreconditionException("case_id: the case has a contact still open; end it before erasing");
        }

        var previous = (s.Summary, s.CallerName, s.Callback, s.CallerKey, s.Sealed, s.Change);
        _saved = Snapshot();
        var now = clock.GetUtcNow();
        s.ErasePersonalData(now);
        s.Change = Change(AuditActions.ContactErased, by, by.Roles & Roles.Admin, now);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (s.Summary, s.CallerName, s.Callback, s.CallerKey) = (previous.Summary, previous.CallerName, previous.Callback, previous.CallerKey);
            (s.Sealed, s.Change, s.ErasedAt) = (previous.Sealed, previous.Change, null);
            throw;
        }
        finally
        {
            _saved = null;
        }

        return now;
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

    private async Task FinishAsync(ContactStatus status, bool endedByOperator, ContactChange change)
    {
        var s = state.State;
        var previous = (s.Status, s.EndedAt, s.EndedByOperator, s.Change);
        _saved = Snapshot();
        _offer = null;
        s.Status = status;
        s.EndedAt = change.At;
        s.EndedByOperator = endedByOperator;
        s.Change = change;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (s.Status, s.EndedAt, s.EndedByOperator, s.Change) = previous;
            throw;
        }
        finally
        {
            _saved = null;
        }
    }

    /// <summary>The role under which the caller may act on this contact; refuses otherwise, alike for a missing one.</summary>
    private Roles Authorize(Caller caller)
    {
        if (!state.RecordExists)
        {
            throw AccessPolicy.Refusal(caller, "contact_id", "contact", ContactId);
        }

        var role = AccessPolicy.ActOnContact(caller, Snapshot().Scope);
        return role != Roles.None ? role : throw AccessPolicy.Refusal(caller, "contact_id", "contact", ContactId);
    }

    private static ContactChange Change(string action, Caller by, Roles role, DateTimeOffset at) =>
        new(action, by.Subject, Caller.RoleName(role), at);

    private IRegionQueueGrain Queue() => GrainFactory.GetGrain<IRegionQueueGrain>(state.State.Region);

    /// <summary>The contact as last saved while a change is being written, else as it is; null when it does not exist.</summary>
    private ContactSnapshot? Current() => _saved ?? (state.RecordExists ? Snapshot() : null);

    private ContactSnapshot Snapshot()
    {
        var s = state.State;
        var status = s.Status == ContactStatus.Queued && _offer is not null ? ContactStatus.Offered : s.Status;
        return new ContactSnapshot(ContactId, s.CaseId, status, s.Channel, s.Language, s.Location, s.Region, s.Skills, s.Urgency,
            s.Summary, status == ContactStatus.Offered ? _offer?.ResponderId : s.ResponderId, s.ReceivedAt, s.ConnectedAt, s.EndedAt,
            status == ContactStatus.Offered ? _offer?.Deadline : null, s.EndedByOperator, s.CallerName, s.Callback, s.OpenedBy, s.ErasedAt,
            s.Kind, s.TransferRegion, s.Concerns, s.CaseRegion);
    }

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw new NotFoundException("contact", ContactId.ToString());
        }
    }

    private static string Describe(ContactStatus status) => status.ToString().ToLowerInvariant();
}
