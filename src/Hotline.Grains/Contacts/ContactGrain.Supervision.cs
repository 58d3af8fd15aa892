using Hotline.Access;
using Hotline.Audit;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Queues;
using Hotline.Responders;

namespace Hotline.Contacts;

/// <summary>Supervisors' actions on a waiting contact: give it to a chosen responder, move it to another region.</summary>
public sealed partial class ContactGrain
{
    public async Task<Guid> Reassign(string responderId, Caller caller)
    {
        var role = AuthorizeSupervisor(caller);
        EnsureWaiting("reassigned");
        var chosen = await GrainFactory.GetGrain<IResponderGrain>(responderId).GetAvailability()
            ?? throw new FailedPreconditionException("responder_id: no responder is registered with this id");
        var offerId = await Queue().Reassign(ContactId, chosen);
        await audit.AppendAsync(new AuditEntry(state.State.CaseId, ContactId, clock.GetUtcNow(), caller.Subject, Caller.RoleName(role), AuditActions.ContactReassigned));
        return offerId;
    }

    public async Task<ContactSnapshot> MoveTo(string region, Caller caller)
    {
        var role = AuthorizeSupervisor(caller);
        EnsureWaiting("moved");
        var s = state.State;
        if (s.Kind != WorkKind.Contact)
        {
            throw new FailedPreconditionException("contact_id: a follow-up or transfer waits where its case is; transfer the case instead");
        }

        if (region == s.Region)
        {
            // A retry of a move whose last step failed: make sure it waits there.
            await Queue().MoveIn(s.ToWaiting());
            return Snapshot();
        }

        var from = Queue();
        if (!await from.MoveOut(ContactId))
        {
            throw new FailedPreconditionException("contact_id: the contact is being connected to a responder and can no longer be moved");
        }

        var previous = (s.Region, s.CaseRegion, s.Change);
        _saved = Snapshot();
        _offer = null;
        // It waits in the new region; who may see it (its case's region) stays as it was.
        s.CaseRegion ??= s.Region;
        s.Region = region;
        s.Change = Change(AuditActions.ContactMoved, caller, role, clock.GetUtcNow());
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (s.Region, s.CaseRegion, s.Change) = previous;
            await from.Return(s.ToWaiting());
            throw;
        }
        finally
        {
            _saved = null;
        }

        await Queue().MoveIn(s.ToWaiting());
        return Snapshot();
    }

    private Roles AuthorizeSupervisor(Caller caller)
    {
        if (!state.RecordExists)
        {
            throw AccessPolicy.Refusal(caller, "contact_id", "contact", ContactId);
        }

        var role = AccessPolicy.Supervise(caller, Snapshot().Scope.Region);
        return role != Roles.None ? role : throw AccessPolicy.Refusal(caller, "contact_id", "contact", ContactId);
    }

    private void EnsureWaiting(string what)
    {
        if (state.State.Status != ContactStatus.Queued)
        {
            throw new FailedPreconditionException($"contact_id: the contact is {Describe(state.State.Status)}; only a waiting contact can be {what}");
        }
    }
}
