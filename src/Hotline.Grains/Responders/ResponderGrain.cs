using System.Runtime.CompilerServices;
using Hotline.Access;
using Hotline.Audit;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Ports;
using Hotline.Queues;
using Hotline.Routing;
using Hotline.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Responders;

/// <summary>
/// One responder. See <see cref="IResponderGrain"/>. What they have in hand and how they stand
/// for routing and supervisors is the domain's <see cref="ResponderDesk"/>; this grain keeps
/// the profile, presence and whether the responder is disabled on disk, and runs in its turns
/// the live line (<see cref="ResponderConnection"/>) and the offers (<see cref="ResponderOffers"/>).
/// </summary>
public sealed class ResponderGrain(
    [PersistentState("responder", StorageNames.Hotline)] IPersistentState<ResponderState> state,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock,
    IOpenContacts openContacts,
    IAuditLog audit,
    IOptions<SupervisionOptions> supervisionOptions,
    IOptions<RoutingOptions> routingOptions,
    ILogger<ResponderGrain> logger) : Grain, IResponderGrain, IResponderRouting
{
    // Not written on each accept or completion: the contacts' own records are, and the
    // database's open-contacts index gives them back here on activation.
    private ResponderDesk _desk = null!;
    private ResponderConnection _line = null!;
    private ResponderOffers _offers = null!;
    private ResponderPresence _presence = null!;
    private ResponderWrapUp _wrapUp = null!;

    private string ResponderId => this.GetPrimaryKeyString();

    private bool Disabled => state.State.DisabledAt is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var start = clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        _desk = new ResponderDesk(ResponderId, supervisionOptions.Value.Zone(), start);
        _line = new ResponderConnection(this, clock, start, supervisionOptions.Value.StreamBacklog);
        _offers = new ResponderOffers(ResponderId, this, GrainFactory, clock, _desk, _line, Availability, PublishAvailabilityAsync, logger);
        _presence = new ResponderPresence(ResponderId, state, audit, clock, _desk, _line, _offers, PublishAvailabilityAsync);
        _wrapUp = new ResponderWrapUp(this, clock, _desk, _line, routingOptions.Value.WrapUp, PublishAvailabilityAsync);
        foreach (var contact in await openContacts.ConnectedTo(ResponderId, cancellationToken))
        {
            _desk.Restore(new Assignment(contact.ContactId, contact.CaseId, contact.Channel, contact.ConnectedAt ?? contact.ReceivedAt));
        }

        if (state.RecordExists)
        {
            // An offer held by an activation before this one is not here: routing takes it back.
            GrainFactory.GetGrain<IDispatcherGrain>(state.State.HomeRegion).ResponderStarted(ResponderId).Ignore();
        }
    }

    public async Task<ResponderSnapshot> Upsert(ResponderProfileInput profile)
    {
        var now = clock.GetUtcNow();
        var previousRegion = state.RecordExists ? state.State.HomeRegion : null;
        if (!state.RecordExists)
        {
            state.State.Presence = Presence.Offline;
            state.State.IdleSince = now;
            state.State.RegisteredAt = now;
        }

        state.State.DisplayName = profile.DisplayName;
        state.State.HomeRegion = profile.HomeRegion;
        state.State.Languages = profile.Languages;
        state.State.Skills = profile.Skills;
        state.State.Capacity = profile.Capacity;
        await state.WriteStateAsync();

        if (previousRegion is not null && previousRegion != profile.HomeRegion)
        {
            _desk.Changed();
            await GrainFactory.GetGrain<IDispatcherGrain>(previousRegion).UpdateResponder(Availability());
        }

        await PublishAvailabilityAsync();
        return Snapshot();
    }

    public Task<ResponderSnapshot?> Get() => Task.FromResult(state.RecordExists ? Snapshot() : null);

    public async Task<ResponderSnapshot> SetPresence(Presence presence, PresenceReason reason, Caller by, Roles role)
    {
        EnsureEnabled();
        await _presence.SetAsync(presence, reason, by, role);
        return Snapshot();
    }

    public async Task<ResponderSnapshot> EndWrapUp(Channel? channel)
    {
        EnsureRegistered();
        await _wrapUp.EndAsync(channel);
        return Snapshot();
    }

    public async Task<ResponderSnapshot> Disable(Caller by)
    {
        AccessPolicy.EnsureManagesStaff(by);
        EnsureRegistered();
        if (Disabled)
        {
            return Snapshot();
        }

        var now = clock.GetUtcNow();
        await audit.AppendAsync(new RegionAuditEntry(state.State.HomeRegion, ResponderId, now, by.Subject, Caller.RoleName(Roles.Admin), AuditActions.ResponderDisabled));
        state.State.DisabledAt = now;
        (state.State.Presence, state.State.PresenceReason) = (Presence.Offline, PresenceReason.None);
        await state.WriteStateAsync();
        ResponderLog.Disabled(logger, ResponderId, by.Subject);
        _line.EndStreams(DisabledError());
        await _offers.HandBackAsync(RescindReason.Disconnected);
        return Snapshot();
    }

    public async Task<ResponderSnapshot> Enable(Caller by)
    {
        AccessPolicy.EnsureManagesStaff(by);
        EnsureRegistered();
        if (Disabled)
        {
            await audit.AppendAsync(new RegionAuditEntry(state.State.HomeRegion, ResponderId, clock.GetUtcNow(), by.Subject, Caller.RoleName(Roles.Admin), AuditActions.ResponderEnabled));
            state.State.DisabledAt = null;
            await state.WriteStateAsync();
            ResponderLog.Enabled(logger, ResponderId, by.Subject);
            await PublishAvailabilityAsync();
        }

        return Snapshot();
    }

    public async IAsyncEnumerable<ResponderEvent> Watch(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EnsureEnabled();
        var events = _line.Stream(afterSequence, seq => _desk.Standing(seq, state.State, clock.GetUtcNow()), StreamOpenedAsync, StreamClosedAsync, cancellationToken);
        await foreach (var e in events)
        {
            yield return _desk.Stamped(e);
        }
    }

    public async Task<Assignment> Accept(Guid contactId, Caller by)
    {
        EnsureEnabled();
        if (_desk.AssignmentOf(contactId) is { } held)
        {
            // A repeat of an accept that took effect (its answer lost, say, in a failover): the same answer.
            return held;
        }

        Assignment assignment;
        WorkKind kind;
        try
        {
            (assignment, kind) = await _offers.AcceptAsync(contactId, by);
        }
        catch
        {
            await PublishAvailabilityAsync();
            throw;
        }

        // The case of an accepted transfer is now theirs; a transfer takes no capacity.
        if (kind != WorkKind.Transfer)
        {
            _desk.Assign(assignment);
            _line.Publish(seq => new ResponderEvent(seq, ResponderEventKind.Assigned, assignment.Since, Assignment: assignment));
        }

        await PublishAvailabilityAsync();
        return assignment;
    }

    public async Task Decline(Guid contactId, Caller by)
    {
        EnsureEnabled();
        try
        {
            await _offers.DeclineAsync(contactId, by);
        }
        finally
        {
            await PublishAvailabilityAsync();
        }
    }

    public async Task Complete(Guid contactId, Caller by)
    {
        EnsureRegistered();
        var assignment = _desk.AssignmentOf(contactId);
        if (assignment is null)
        {
            // A repeat of a completion that took effect answers as the first did.
            var contact = await GrainFactory.GetGrain<IContactRouting>(contactId).Get();
            if (contact is { Status: ContactStatus.Completed } && contact.ResponderId == ResponderId)
            {
                return;
            }

            throw new FailedPreconditionException("ContactId", "the contact is not assigned to this responder");
        }

        await GrainFactory.GetGrain<IContactRouting>(contactId).Complete(ResponderId, by);
        await EndAssignmentAsync(assignment);
    }

    public Task ReceiveOffer(Offer offer) => _offers.ReceiveAsync(offer, open: state.RecordExists && !Disabled);

    public async Task OfferMissed(Offer offer)
    {
        if (!_desk.Release(offer.OfferId))
        {
            return;
        }

        var now = clock.GetUtcNow();
        _desk.Missed(now);
        _line.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferRescinded, now, Offer: offer, Reason: RescindReason.Missed));
        await _presence.MissedOfferAsync(now);
        await PublishAvailabilityAsync();
    }

    public async Task OfferRescinded(Guid offerId, Guid contactId, RescindReason reason)
    {
        if (_desk.PendingOffer is { } offer && _desk.Release(offerId))
        {
            _line.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferRescinded, clock.GetUtcNow(), Offer: offer, Reason: reason));
            await PublishAvailabilityAsync();
        }
    }

    public async Task ContactEnded(Guid contactId)
    {
        if (_desk.AssignmentOf(contactId) is { } assignment)
        {
            await EndAssignmentAsync(assignment);
        }
    }

    public Task ResendAvailability() => PublishAvailabilityAsync();

    public Task<ResponderAvailability?> GetAvailability() => Task.FromResult(state.RecordExists ? Availability() : null);

    private Task EndAssignmentAsync(Assignment assignment)
    {
        var now = clock.GetUtcNow();
        if (_desk.End(assignment))
        {
            // Kept in memory until the next write of the profile or presence: after a
            // restart a responder may look idle since slightly earlier, nothing more.
            state.State.IdleSince = now;
        }

        _line.Publish(seq => new ResponderEvent(seq, ResponderEventKind.AssignmentEnded, now, Assignment: assignment));
        _wrapUp.Start(assignment.Channel);
        return PublishAvailabilityAsync();
    }

    private async Task StreamOpenedAsync(int streams)
    {
        ResponderLog.StreamOpened(logger, ResponderId, streams);
        if (streams == 1)
        {
            await PublishAvailabilityAsync();
        }
    }

    /// <summary>
    /// The last stream closed. The responder keeps counting as connected for the grace
    /// period; then (or now, with no grace) an open offer goes back to be routed to someone
    /// else, and routing stops offering.
    /// </summary>
    private Task StreamClosedAsync(int streams)
    {
        ResponderLog.StreamClosed(logger, ResponderId, streams);
        return streams > 0 ? Task.CompletedTask : _line.StartGraceAsync(supervisionOptions.Value.DisconnectGrace, () =>
        {
            ResponderLog.Disconnected(logger, ResponderId);
            return _offers.HandBackAsync(RescindReason.Disconnected);
        });
    }

    private Task PublishAvailabilityAsync()
    {
        if (!state.RecordExists)
        {
            return Task.CompletedTask;
        }

        _desk.Changed();
        return GrainFactory.GetGrain<IDispatcherGrain>(state.State.HomeRegion).UpdateResponder(Availability());
    }

    // A disabled responder is never connected for routing, whatever stream is still closing.
    private ResponderAvailability Availability() => _desk.Availability(state.State, _line.Connected && !Disabled, clock.GetUtcNow());

    private ResponderSnapshot Snapshot() => _desk.Snapshot(state.State, _line.Connected && !Disabled);

    private void EnsureRegistered()
    {
        if (!state.RecordExists)
        {
            throw new NotFoundException("responder", ResponderId);
        }
    }

    private void EnsureEnabled()
    {
        EnsureRegistered();
        if (Disabled)
        {
            throw DisabledError();
        }
    }

    private static FailedPreconditionException DisabledError() => new("ResponderId", "the responder is disabled");
}
