using Hotline.Cases;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Queues;
using Hotline.Responders;
using Hotline.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Contacts;

/// <summary>One contact's life: Received, Queued, Offered, Connected, Completed or Abandoned.</summary>
public sealed class ContactGrain(
    [PersistentState("contact", StorageNames.Hotline)] IPersistentState<ContactState> state,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock) : Grain, IContactGrain
{
    private (string ResponderId, DateTimeOffset Deadline)? _offer;

    // While a change is being written, Get (which interleaves) shows the contact as last saved.
    private ContactSnapshot? _saved;

    private Guid ContactId => this.GetPrimaryKey();

    public async Task<ContactSnapshot> Open(OpenContactCommand command)
    {
        if (state.RecordExists)
        {
            // A retry. If the first attempt stopped before the queue had it, finish the job.
            if (state.State.Status == ContactStatus.Queued)
            {
                await Queue().Enqueue(state.State.ToWaiting());
            }

            return Snapshot();
        }

        var now = clock.GetUtcNow();
        var caseId = command.CaseId ?? HotlineIds.CaseForContact(ContactId);
        string? previousResponder = null;
        if (command.CaseId is { } existing)
        {
            if (existing == ContactId)
            {
                throw new NotFoundException("case", existing.ToString());
            }

            previousResponder = await GrainFactory.GetGrain<ICaseGrain>(existing).Link(ContactId);
        }

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
        s.ReceivedAt = now;
        s.PreferredResponderId = previousResponder;

        // The one durable step of intake: the record, and with it the database's index of
        // open contacts from which the dispatcher rebuilds its queue after a restart.
        await state.WriteStateAsync();
        await Queue().Enqueue(s.ToWaiting());
        return Snapshot();
    }

    public Task<ContactSnapshot?> Get() => Task.FromResult(_saved ?? (state.RecordExists ? Snapshot() : null));

    public async Task<ContactSnapshot> Abandon()
    {
        EnsureExists();
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
            await FinishAsync(ContactStatus.Abandoned, endedByOperator: false);
        }
        catch
        {
            // Not on disk, so not abandoned: it waits again.
            await Queue().Return(state.State.ToWaiting());
            throw;
        }

        return Snapshot();
    }

    public async Task<ContactSnapshot> End()
    {
        EnsureExists();
        if (state.State.Status != ContactStatus.Connected)
        {
            throw new FailedPreconditionException($"contact_id: the contact is {Describe(state.State.Status)}; only a connected contact can be ended (abandon a waiting one)");
        }

        var responderId = state.State.ResponderId!;
        await FinishAsync(ContactStatus.Completed, endedByOperator: true);
        GrainFactory.GetGrain<IResponderGrain>(responderId).ContactEnded(ContactId).Ignore();
        return Snapshot();
    }

    public async Task Connect(string responderId)
    {
        EnsureExists();
        if (state.State.Status != ContactStatus.Queued)
        {
            throw new FailedPreconditionException($"contact_id: the contact is {Describe(state.State.Status)} and cannot be connected");
        }

        _saved = Snapshot();
        _offer = null;
        state.State.Status = ContactStatus.Connected;
        state.State.ResponderId = responderId;
        state.State.ConnectedAt = clock.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Status = ContactStatus.Queued;
            state.State.ResponderId = null;
            state.State.ConnectedAt = null;
            throw;
        }
        finally
        {
            _saved = null;
        }
    }

    public async Task Complete(string responderId)
    {
        EnsureExists();
        if (state.State.Status != ContactStatus.Connected || state.State.ResponderId != responderId)
        {
            throw new FailedPreconditionException("contact_id: the contact is not connected to this responder");
        }

        await FinishAsync(ContactStatus.Completed, endedByOperator: false);
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

    private async Task FinishAsync(ContactStatus status, bool endedByOperator)
    {
        var s = state.State;
        var previous = (s.Status, s.EndedAt, s.EndedByOperator);
        _saved = Snapshot();
        _offer = null;
        s.Status = status;
        s.EndedAt = clock.GetUtcNow();
        s.EndedByOperator = endedByOperator;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (s.Status, s.EndedAt, s.EndedByOperator) = previous;
            throw;
        }
        finally
        {
            _saved = null;
        }
    }

    private IRegionQueueGrain Queue() => GrainFactory.GetGrain<IRegionQueueGrain>(state.State.Region);

    private ContactSnapshot Snapshot()
    {
        var s = state.State;
        var status = s.Status == ContactStatus.Queued && _offer is not null ? ContactStatus.Offered : s.Status;
        return new ContactSnapshot(ContactId, s.CaseId, status, s.Channel, s.Language, s.Location, s.Region, s.Skills, s.Urgency,
            s.Summary, status == ContactStatus.Offered ? _offer?.ResponderId : s.ResponderId, s.ReceivedAt, s.ConnectedAt, s.EndedAt,
            status == ContactStatus.Offered ? _offer?.Deadline : null, s.EndedByOperator);
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
