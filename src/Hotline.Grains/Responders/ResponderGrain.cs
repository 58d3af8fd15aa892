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

/// <summary>One responder. See <see cref="IResponderGrain"/>.</summary>
public sealed partial class ResponderGrain(
    [PersistentState("responder", StorageNames.Hotline)] IPersistentState<ResponderState> state,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock,
    IOpenContacts openContacts,
    IOptions<SupervisionOptions> supervisionOptions,
    ILogger<ResponderGrain> logger) : Grain, IResponderGrain, IResponderRouting
{
    // Not written on each accept or completion: the contacts' own records are, and the
    // database's open-contacts index gives them back here on activation.
    private readonly List<Assignment> _assignments = [];
    private EventFeed _feed = null!;
    private Offer? _pendingOffer;
    private long _availabilityVersion;

    private string ResponderId => this.GetPrimaryKeyString();

    // Still counts as connected while a dropped stream's grace period runs.
    private bool Connected => _feed.SubscriberCount > 0 || _graceUntil is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var start = clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        _feed = new EventFeed(start);
        _availabilityVersion = start;
        foreach (var contact in await openContacts.ConnectedTo(ResponderId, cancellationToken))
        {
            _assignments.Add(new Assignment(contact.ContactId, contact.CaseId, contact.Channel, contact.ConnectedAt ?? contact.ReceivedAt));
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
            _availabilityVersion++;
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

        if (presence == Presence.Available && _assignments.Count == 0)
        {
            state.State.IdleSince = now;
        }

        state.State.Presence = presence;
        await state.WriteStateAsync();
        _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.PresenceChanged, now, Presence: presence));

        if (presence != Presence.Available && _pendingOffer is { } offer)
        {
            // Someone going on break or offline cannot take the offer: hand it back at once,
            // without counting it as a decline (they may own the case).
            _pendingOffer = null;
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
        var standing = replay is null
            ? new ResponderEvent(_feed.LastSequence, ResponderEventKind.State, clock.GetUtcNow(),
                Offer: _pendingOffer, Presence: state.State.Presence, Assignments: [.. _assignments])
            : null;
        LogStreamOpened(logger, ResponderId, _feed.SubscriberCount);
        try
        {
            if (_feed.SubscriberCount == 1)
            {
                await PublishAvailabilityAsync();
            }

            if (standing is not null)
            {
                yield return Stamped(standing);
            }
            else
            {
                foreach (var e in replay!)
                {
                    yield return Stamped(e);
                }
            }

            while (await live.Reader.WaitToReadAsync(cancellationToken))
            {
                while (live.Reader.TryRead(out var e))
                {
                    yield return Stamped(e);
                }
            }
        }
        finally
        {
            _feed.Unsubscribe(live);
            LogStreamClosed(logger, ResponderId, _feed.SubscriberCount);
            if (_feed.SubscriberCount == 0)
            {
                await StreamDroppedAsync();
            }
        }
    }

    /// <summary>
    /// Marks whether the event's offer is still open to this responder as it is sent, so the
    /// gateway attaches the summary to a live offer only, never to one replayed after it was
    /// declined, missed or withdrawn.
    /// </summary>
    private ResponderEvent Stamped(ResponderEvent e) =>
        e.Offer is { } offer && _pendingOffer?.OfferId == offer.OfferId ? e with { OfferOpen = true } : e;

    public async Task<Assignment> Accept(Guid contactId, Caller by)
    {
        EnsureRegistered();
        var now = clock.GetUtcNow();
        if (_pendingOffer is not { } offer || offer.ContactId != contactId)
        {
            throw new FailedPreconditionException("contact_id: there is no open offer of this contact to this responder");
        }

        if (offer.Deadline <= now)
        {
            await DropLapsedOfferAsync();
            throw new FailedPreconditionException("contact_id: the offer expired");
        }

        var queue = GrainFactory.GetGrain<IDispatcherGrain>(offer.Region);
        if (!Availability().HasCapacity(offer.Needs.Channel))
        {
            // The profile changed while the offer was open: hand it back rather than overfill.
            ClearPending(offer.OfferId);
            queue.OfferRefused(offer.OfferId, contactId).Ignore();
            await PublishAvailabilityAsync();
            throw new FailedPreconditionException("contact_id: no capacity left on this channel");
        }

        WaitingContact contact;
        try
        {
            contact = await queue.ConfirmAccept(offer.OfferId, contactId, ResponderId);
        }
        catch
        {
            ClearPending(offer.OfferId);
            await PublishAvailabilityAsync();
            throw;
        }

        ClearPending(offer.OfferId);

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

        _assignments.Add(assignment);

        _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.Assigned, now, Assignment: assignment));
        await PublishAvailabilityAsync();
        return assignment;
    }

    public async Task Decline(Guid contactId, Caller by)
    {
        EnsureRegistered();
        if (_pendingOffer is not { } offer || offer.ContactId != contactId)
        {
            throw new FailedPreconditionException("contact_id: there is no open offer of this contact to this responder");
        }

        ClearPending(offer.OfferId);
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
        var assignment = _assignments.Find(a => a.ContactId == contactId)
            ?? throw new FailedPreconditionException("contact_id: the contact is not assigned to this responder");
        await GrainFactory.GetGrain<IContactRouting>(contactId).Complete(ResponderId, by);
        await EndAssignmentAsync(assignment);
    }

    public async Task ReceiveOffer(Offer offer)
    {
        var now = clock.GetUtcNow();
        if (!state.RecordExists || _pendingOffer is not null || offer.Deadline <= now
            || !Eligibility.IsEligible(Availability(), offer.Needs, declinedBy: null))
        {
            LogOfferRefused(logger, ResponderId, offer.ContactId);
            GrainFactory.GetGrain<IDispatcherGrain>(offer.Region).OfferRefused(offer.OfferId, offer.ContactId).Ignore();
            return;
        }

        _pendingOffer = offer;
        _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferMade, now, Offer: offer));
        WatchOfferDeadline();
        await PublishAvailabilityAsync();
    }

    public async Task OfferMissed(Offer offer)
    {
        if (!ClearPending(offer.OfferId))
        {
            return;
        }

        var now = clock.GetUtcNow();
        CountMissed(now);
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
        if (_pendingOffer is { } offer && ClearPending(offerId))
        {
            _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferRescinded, clock.GetUtcNow(), Offer: offer, Reason: reason));
            await PublishAvailabilityAsync();
        }
    }

    public async Task ContactEnded(Guid contactId)
    {
        if (_assignments.Find(a => a.ContactId == contactId) is { } assignment)
        {
            await EndAssignmentAsync(assignment);
        }
    }

    public Task ResendAvailability() => PublishAvailabilityAsync();

    public Task<ResponderAvailability?> GetAvailability() => Task.FromResult(state.RecordExists ? Availability() : null);

    private Task EndAssignmentAsync(Assignment assignment)
    {
        var now = clock.GetUtcNow();
        _assignments.Remove(assignment);
        if (_assignments.Count == 0)
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

    private bool ClearPending(Guid offerId)
    {
        if (_pendingOffer?.OfferId != offerId)
        {
            return false;
        }

        _pendingOffer = null;
        return true;
    }

    private Task PublishAvailabilityAsync()
    {
        if (!state.RecordExists)
        {
            return Task.CompletedTask;
        }

        _availabilityVersion++;
        return GrainFactory.GetGrain<IDispatcherGrain>(state.State.HomeRegion).UpdateResponder(Availability());
    }

    private ResponderAvailability Availability()
    {
        var s = state.State;
        var channels = s.Capacity.Select(c => new ChannelLoad(c.Channel, c.Capacity, _assignments.Count(a => a.Channel == c.Channel))).ToArray();
        var status = Roster.StatusOf(s.Presence, Connected, _assignments.Count, _pendingOffer is not null);
        if (status != _status)
        {
            (_status, _statusSince) = (status, clock.GetUtcNow());
        }

        return new ResponderAvailability(ResponderId, s.HomeRegion, s.Languages, s.Skills, channels, s.Presence, Connected,
            s.IdleSince, _pendingOffer?.ContactId, _availabilityVersion, s.DisplayName, _statusSince, MissedToday());
    }

    private ResponderSnapshot Snapshot()
    {
        var s = state.State;
        return new ResponderSnapshot(ResponderId, new ResponderProfileInput(s.DisplayName, s.HomeRegion, s.Languages, s.Skills, s.Capacity),
            s.Presence, Connected, [.. _assignments], _pendingOffer, s.IdleSince);
    }

    private void EnsureRegistered()
    {
        if (!state.RecordExists)
        {
            throw new NotFoundException("responder", ResponderId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Responder {ResponderId} refused an offer of contact {ContactId}")]
    private static partial void LogOfferRefused(ILogger logger, string responderId, Guid contactId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Responder {ResponderId} stream opened ({Streams} open)")]
    private static partial void LogStreamOpened(ILogger logger, string responderId, int streams);

    [LoggerMessage(Level = LogLevel.Information, Message = "Responder {ResponderId} stream closed ({Streams} open)")]
    private static partial void LogStreamClosed(ILogger logger, string responderId, int streams);
}
