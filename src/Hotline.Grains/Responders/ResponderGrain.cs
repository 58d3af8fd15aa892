using Hotline.Access;
using System.Runtime.CompilerServices;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Queues;
using Hotline.Routing;
using Hotline.Ports;
using Hotline.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Responders;

/// <summary>
/// One responder. See <see cref="IResponderGrain"/>. What they have in hand and how they stand
/// for routing and supervisors is the domain's <see cref="ResponderDesk"/>; this grain keeps
/// the profile and presence on disk, the live stream and its grace period, and the messages
/// with dispatchers and contacts.
/// </summary>
/// <remarks>
/// Past the usual length: accept, decline and the offer's deadline each need several steps with
/// the dispatcher and the contact, and every one must run in this responder's turns (it has the
/// last word on whether it takes an offer). Splitting the stream and grace period into a grain
/// of their own is the next step.
/// </remarks>
public sealed class ResponderGrain(
    [PersistentState("responder", StorageNames.Hotline)] IPersistentState<ResponderState> state,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock,
    IOpenContacts openContacts,
    IOptions<SupervisionOptions> supervisionOptions,
    ILogger<ResponderGrain> logger) : Grain, IResponderGrain, IResponderRouting
{
    // Not written on each accept or completion: the contacts' own records are, and the
    // database's open-contacts index gives them back here on activation.
    private EventFeed _feed = null!;
    private ResponderDesk _desk = null!;

    private string ResponderId => this.GetPrimaryKeyString();

    // Still counts as connected while a dropped stream's grace period runs.
    private bool Connected => _feed.SubscriberCount > 0 || _graceUntil is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var start = clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        _feed = new EventFeed(start, supervisionOptions.Value.StreamBacklog);
        _desk = new ResponderDesk(ResponderId, supervisionOptions.Value.Zone(), start);
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

    public async Task<ResponderSnapshot> SetPresence(Presence presence)
    {
        EnsureRegistered();
        var now = clock.GetUtcNow();
        if (presence == state.State.Presence)
        {
            return Snapshot();
        }

        if (presence == Presence.Available && _desk.Assignments.Count == 0)
        {
            state.State.IdleSince = now;
        }

        state.State.Presence = presence;
        await state.WriteStateAsync();
        _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.PresenceChanged, now, Presence: presence));

        if (presence != Presence.Available && _desk.ReleaseAny() is { } offer)
        {
            // Someone going on break or offline cannot take the offer: hand it back at once,
            // without counting it as a decline (they may own the case).
            _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferRescinded, now, Offer: offer, Reason: RescindReason.Declined));
            GrainFactory.GetGrain<IDispatcherGrain>(offer.Region).OfferRefused(offer.OfferId, offer.ContactId).Ignore();
        }

        await PublishAvailabilityAsync();
        return Snapshot();
    }

    public async IAsyncEnumerable<ResponderEvent> Watch(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EnsureRegistered();
        var (live, replay) = _feed.Subscribe(afterSequence);
        EndGrace();

        // Taken before any await: events published from here on reach the live channel with
        // higher numbers, so nothing is sent twice and numbers never go backwards.
        var standing = replay is null ? _desk.Standing(_feed.LastSequence, state.State.Presence, clock.GetUtcNow()) : null;
        ResponderLog.StreamOpened(logger, ResponderId, _feed.SubscriberCount);
        try
        {
            if (_feed.SubscriberCount == 1)
            {
                await PublishAvailabilityAsync();
            }

            if (standing is not null)
            {
                yield return _desk.Stamped(standing);
            }
            else
            {
                foreach (var e in replay!)
                {
                    yield return _desk.Stamped(e);
                }
            }

            // A reader that fell behind is sent where things stand now instead of what it missed.
            Func<IReadOnlyList<ResponderEvent>> standNow = () => [_desk.Standing(_feed.LastSequence, state.State.Presence, clock.GetUtcNow())];
            while (await live.WaitToReadAsync(cancellationToken))
            {
                while (live.TryRead(standNow, out var e))
                {
                    yield return _desk.Stamped(e);
                }
            }
        }
        finally
        {
            _feed.Unsubscribe(live);
            ResponderLog.StreamClosed(logger, ResponderId, _feed.SubscriberCount);
            if (_feed.SubscriberCount == 0)
            {
                await StreamDroppedAsync();
            }
        }
    }

    public async Task<Assignment> Accept(Guid contactId, Caller by)
    {
        EnsureRegistered();
        if (_desk.AssignmentOf(contactId) is { } held)
        {
            // A repeat of an accept that took effect (its answer lost, say, in a failover): the same answer.
            return held;
        }

        var now = clock.GetUtcNow();
        var offer = _desk.OpenOffer(contactId);
        if (offer.Deadline <= now)
        {
            await DropLapsedOfferAsync();
            throw new FailedPreconditionException("ContactId", "the offer expired");
        }

        var queue = GrainFactory.GetGrain<IDispatcherGrain>(offer.Region);
        if (!Availability().HasCapacity(offer.Needs.Channel))
        {
            // The profile changed while the offer was open: hand it back rather than overfill.
            _desk.Release(offer.OfferId);
            queue.OfferRefused(offer.OfferId, contactId).Ignore();
            await PublishAvailabilityAsync();
            throw new FailedPreconditionException("ContactId", "no capacity left on this channel");
        }

        WaitingContact contact;
        try
        {
            contact = await queue.ConfirmAccept(offer.OfferId, contactId, ResponderId);
        }
        catch
        {
            _desk.Release(offer.OfferId);
            await PublishAvailabilityAsync();
            throw;
        }

        _desk.Release(offer.OfferId);

        var assignment = new Assignment(contactId, contact.CaseId, contact.Needs.Channel, now);
        try
        {
            // The durable step of an accept: the contact's record says connected, to whom.
            await GrainFactory.GetGrain<IContactRouting>(contactId).Connect(ResponderId, by);
        }
        catch
        {
            // Not connected after all: the contact goes back to its queue, nobody loses it.
            // A failure that came after the write landed (a timeout) must not send a connected
            // contact round again, so ask the contact first.
            if (await StillWaitingAsync(contactId))
            {
                await queue.Return(contact);
            }

            await PublishAvailabilityAsync();
            throw;
        }

        if (contact.Kind == WorkKind.Transfer)
        {
            // The case is now theirs; a transfer takes no capacity once accepted.
            await PublishAvailabilityAsync();
            return assignment;
        }

        _desk.Assign(assignment);

        _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.Assigned, now, Assignment: assignment));
        await PublishAvailabilityAsync();
        return assignment;
    }

    public async Task Decline(Guid contactId, Caller by)
    {
        EnsureRegistered();
        var offer = _desk.OpenOffer(contactId);
        _desk.Release(offer.OfferId);
        _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferRescinded, clock.GetUtcNow(), Offer: offer, Reason: RescindReason.Declined));
        var queue = GrainFactory.GetGrain<IDispatcherGrain>(offer.Region);
        var result = await queue.Decline(offer.OfferId, contactId, ResponderId);
        if (result is { Outcome: DeclineOutcome.Withdrawn, Withdrawn: { } transfer })
        {
            // A transfer meant for this responder alone: declining it ends it, on disk; if that
            // write fails it waits again (and is offered again), rather than hang out of every queue.
            try
            {
                await GrainFactory.GetGrain<IContactRouting>(contactId).DeclineTransfer(ResponderId, by);
            }
            catch
            {
                await queue.Return(transfer);
                await PublishAvailabilityAsync();
                throw;
            }
        }

        await PublishAvailabilityAsync();
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

    public async Task ReceiveOffer(Offer offer)
    {
        var now = clock.GetUtcNow();
        if (!state.RecordExists || _desk.PendingOffer is not null || offer.Deadline <= now
            || !Eligibility.IsEligible(Availability(), offer.Needs, declinedBy: null))
        {
            ResponderLog.OfferRefused(logger, ResponderId, offer.ContactId);
            GrainFactory.GetGrain<IDispatcherGrain>(offer.Region).OfferRefused(offer.OfferId, offer.ContactId).Ignore();
            return;
        }

        _desk.Hold(offer);
        _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferMade, now, Offer: offer));
        WatchOfferDeadline();
        await PublishAvailabilityAsync();
    }

    public async Task OfferMissed(Offer offer)
    {
        if (!_desk.Release(offer.OfferId))
        {
            return;
        }

        var now = clock.GetUtcNow();
        _desk.Missed(now);
        _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferRescinded, now, Offer: offer, Reason: RescindReason.Missed));
        if (state.State.Presence == Presence.Available)
        {
            state.State.Presence = Presence.Away;
            await state.WriteStateAsync();
            _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.PresenceChanged, now, Presence: Presence.Away));
        }

        await PublishAvailabilityAsync();
    }

    public async Task OfferRescinded(Guid offerId, Guid contactId, RescindReason reason)
    {
        if (_desk.PendingOffer is { } offer && _desk.Release(offerId))
        {
            _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferRescinded, clock.GetUtcNow(), Offer: offer, Reason: reason));
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

        _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.AssignmentEnded, now, Assignment: assignment));
        return PublishAvailabilityAsync();
    }

    private async Task<bool> StillWaitingAsync(Guid contactId)
    {
        try
        {
            var now = await GrainFactory.GetGrain<IContactRouting>(contactId).Get();
            return now?.Status is ContactStatus.Queued or ContactStatus.Offered;
        }
        catch (Exception)
        {
            // Cannot tell: waiting twice is recoverable, lost is not.
            return true;
        }
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

    private ResponderAvailability Availability() => _desk.Availability(state.State, Connected, clock.GetUtcNow());

    private ResponderSnapshot Snapshot() => _desk.Snapshot(state.State, Connected);

    private void EnsureRegistered()
    {
        if (!state.RecordExists)
        {
            throw new NotFoundException("responder", ResponderId);
        }
    }

    private DateTimeOffset? _graceUntil;
    private IGrainTimer? _graceTimer;
    private IGrainTimer? _offerTimer;

    /// <summary>Slack after an offer's deadline for its dispatcher to say it was missed, before the responder drops it alone.</summary>
    private static readonly TimeSpan LapseAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The dispatcher that made the offer normally withdraws it at its deadline. If that
    /// dispatcher's silo died, the one that replaces it knows nothing of the offer: the responder
    /// then drops it alone a little after the deadline, so they are offered work again.
    /// </summary>
    private void WatchOfferDeadline()
    {
        _offerTimer ??= this.RegisterGrainTimer(CheckOfferDeadlineAsync, new GrainTimerCreationOptions(LapseAfter, LapseAfter) { Interleave = false });
    }

    private async Task CheckOfferDeadlineAsync(CancellationToken cancellationToken)
    {
        if (_desk.PendingOffer is null)
        {
            _offerTimer?.Dispose();
            _offerTimer = null;
            return;
        }

        if (clock.GetUtcNow() >= _desk.PendingOffer.Deadline + LapseAfter)
        {
            await DropLapsedOfferAsync();
        }
    }

    /// <summary>An offer past its deadline that nobody withdrew: gone, without setting the responder away.</summary>
    private async Task DropLapsedOfferAsync()
    {
        if (_desk.ReleaseAny() is not { } offer)
        {
            return;
        }

        _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferRescinded, clock.GetUtcNow(), Offer: offer, Reason: RescindReason.Missed));
        await PublishAvailabilityAsync();
        GrainFactory.GetGrain<Queues.IDispatcherGrain>(offer.Region).OfferRefused(offer.OfferId, offer.ContactId).Ignore();
    }

    /// <summary>
    /// The last stream closed. The responder keeps counting as connected for the grace
    /// period, so a reconnect resumes where it was; with no grace they are disconnected now.
    /// </summary>
    private async Task StreamDroppedAsync()
    {
        var grace = supervisionOptions.Value.DisconnectGrace;
        if (grace <= TimeSpan.Zero)
        {
            await DisconnectAsync();
            return;
        }

        _graceUntil = clock.GetUtcNow() + grace;
        var check = grace < TimeSpan.FromSeconds(1) ? grace : TimeSpan.FromSeconds(1);
        _graceTimer?.Dispose();
        _graceTimer = this.RegisterGrainTimer(CheckGraceAsync, new GrainTimerCreationOptions(check, check) { Interleave = false });
    }

    private async Task CheckGraceAsync(CancellationToken cancellationToken)
    {
        if (_graceUntil is { } until && clock.GetUtcNow() >= until && _feed.SubscriberCount == 0)
        {
            EndGrace();
            await DisconnectAsync();
        }
    }

    /// <summary>A stream is open again (or the grace ran out): nothing left to wait for.</summary>
    private void EndGrace()
    {
        _graceUntil = null;
        _graceTimer?.Dispose();
        _graceTimer = null;
    }

    /// <summary>Nobody is there: an open offer goes back to be routed to someone else, and routing stops offering.</summary>
    private async Task DisconnectAsync()
    {
        var offer = _desk.ReleaseAny();
        if (offer is not null)
        {
            _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferRescinded, clock.GetUtcNow(), Offer: offer, Reason: RescindReason.Disconnected));
        }

        ResponderLog.Disconnected(logger, ResponderId);
        // Routing learns they are gone before the offer comes back, so it is not made to them again.
        await PublishAvailabilityAsync();
        if (offer is not null)
        {
            GrainFactory.GetGrain<Queues.IDispatcherGrain>(offer.Region).OfferRefused(offer.OfferId, offer.ContactId).Ignore();
        }
    }
}
