using System.Runtime.CompilerServices;
using Hotline.Access;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Ports;
using Hotline.Responders;
using Hotline.Routing;
using Hotline.Supervision;
using Hotline.Telemetry;
using Hotline.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Queues;

/// <summary>
/// One region's dispatcher. Matching runs in <see cref="Dispatcher"/> and what supervisors see
/// in <see cref="RegionBoard"/>; this grain adds deadlines, recovery and the one-way messages
/// that carry offers out. Its queue lives in memory: every waiting contact is on disk in its
/// own record before it arrives here, and the queue is rebuilt from the open-contacts index on
/// activation, so routing a contact costs the dispatcher no write.
/// </summary>
/// <remarks>
/// Past the usual length on purpose: every message that changes the queue must run in this one
/// grain's turns (that is what keeps a responder from being given two contacts by a race), and
/// each of them is a few lines handing the decision to the two domain classes.
/// </remarks>
[KeepAlive]
public sealed class RegionQueueGrain(
    [PersistentState("queue", StorageNames.Hotline)] IPersistentState<RegionQueueState> state,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock,
    TimeProvider runtimeTime,
    IOptions<RoutingOptions> routingOptions,
    IOptions<SupervisionOptions> supervisionOptions,
    RegionTopology topology,
    IOpenContacts openContacts,
    IAuditLog audit,
    OpeningHoursSource hours,
    HotlineMetrics metrics,
    ILogger<RegionQueueGrain> logger) : Grain, IRegionQueueGrain, IDispatcherGrain
{
    private readonly RecentlyRemoved _removed = new();
    private Dispatcher _dispatcher = null!;
    private RegionBoard _board = null!;
    private Admission _admission = null!;
    private SurgeSwitch _surge = null!;
    private RegionSearch _search = null!;
    private DaySaver _days = null!;

    private string RegionCode => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!topology.RegionsByCode.ContainsKey(RegionCode))
        {
            throw new InvalidOperationException($"Region '{RegionCode}' is not in the topology.");
        }

        _dispatcher = new Dispatcher(RegionCode, routingOptions.Value, supervisionOptions.Value.Zone()) { Hours = hours.For(RegionCode) };
        _board = new RegionBoard(RegionCode, supervisionOptions.Value, state.State.Today, runtimeTime, clock.GetUtcNow());
        _admission = new Admission(RegionCode, routingOptions.Value.MaxWaitingPerRegion, supervisionOptions.Value.CrisisRealertAfter);
        _surge = new SurgeSwitch(RegionCode, _dispatcher.Surge, state, audit, topology, Stats, s => _board.Feed.Flush(s, _dispatcher.Responders));
        _surge.Restore();
        _search = new RegionSearch(RegionCode, _dispatcher, topology, GrainFactory);
        _days = new DaySaver(RegionCode, _board, state, logger);
        var waiting = await openContacts.WaitingIn(RegionCode, cancellationToken);
        foreach (var contact in waiting)
        {
            _dispatcher.Enqueue(contact.ToWaiting());
        }

        // Responders tell us who they are and where they stand again.
        foreach (var responderId in state.State.Roster)
        {
            Responder(responderId).ResendAvailability().Ignore();
        }

        var tick = routingOptions.Value.TickInterval;
        this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(tick, tick) { Interleave = false, KeepAlive = true });
        DispatcherLog.Activated(logger, RegionCode, waiting.Count, state.State.Roster.Count);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _days.SaveAsync(force: true);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task Wake() => Task.CompletedTask;

    public Task<int?> Admit(Guid contactId)
    {
        var (admitted, alert) = _admission.TryAdmit(contactId, _dispatcher.Queue.Count, clock.GetUtcNow());
        if (alert is not null)
        {
            Alert(alert);
        }

        return Task.FromResult(admitted ? null : (int?)_admission.MaxWaiting);
    }

    public Task<bool> Enqueue(WaitingContact contact)
    {
        _admission.Arrived(contact.ContactId);
        if (_removed.Contains(contact.ContactId) || !_dispatcher.Enqueue(contact))
        {
            return Task.FromResult(false);
        }

        if (_board.Entered(contact, clock.GetUtcNow()) is { } alert)
        {
            Alert(alert);
        }

        Dispatch(_dispatcher.MatchLocal(clock.GetUtcNow()));
        return Task.FromResult(true);
    }

    public Task<bool> Remove(Guid contactId)
    {
        if (TakeOut(contactId, RescindReason.ContactEnded) is not { } entry)
        {
            return Task.FromResult(false);
        }

        _board.Abandoned(entry.Contact, clock.GetUtcNow());
        return Task.FromResult(true);
    }

    public async Task UpdateResponder(ResponderAvailability availability)
    {
        var before = _dispatcher.Responders.GetValueOrDefault(availability.ResponderId);
        if (_dispatcher.UpdateResponder(availability))
        {
            _board.WrapUpsEnded(before, availability, clock.GetUtcNow());
        }

        var belongs = availability.HomeRegion == RegionCode;
        if (!belongs)
        {
            _board.Feed.Left(availability);
        }

        if (state.State.Roster.Contains(availability.ResponderId) != belongs)
        {
            if (belongs)
            {
                state.State.Roster.Add(availability.ResponderId);
            }
            else
            {
                state.State.Roster.Remove(availability.ResponderId);
            }

            await state.WriteStateAsync();
        }

        Dispatch(_dispatcher.MatchLocal(clock.GetUtcNow()));
    }

    public Task<WaitingContact> ConfirmAccept(Guid offerId, Guid contactId, string responderId)
    {
        // Not yet durable: the contact's own write of "connected" is. Until then its record
        // says waiting, so a restart in between puts it back in this queue.
        var now = clock.GetUtcNow();
        var contact = _dispatcher.ConfirmAccept(offerId, contactId, responderId, now);
        _removed.Add(contactId);
        metrics.OfferAccepted(RegionCode, contact, now - contact.EnqueuedAt);
        if (_board.Answered(contact, responderId, now) is { } answered)
        {
            Alert(answered);
        }

        return Task.FromResult(contact);
    }

    public Task Return(WaitingContact contact)
    {
        _removed.Forget(contact.ContactId);
        if (_dispatcher.Enqueue(contact))
        {
            if (_board.Returned(contact, clock.GetUtcNow()) is { } alert)
            {
                Alert(alert);
            }

            Contact(contact.ContactId).MarkWaiting().Ignore();
            Dispatch(_dispatcher.MatchLocal(clock.GetUtcNow()));
        }

        return Task.CompletedTask;
    }

    public Task<DeclineResult> Decline(Guid offerId, Guid contactId, string responderId)
    {
        var item = _dispatcher.Queue.Find(contactId)?.Contact;
        var outcome = _dispatcher.Decline(offerId, contactId, responderId);
        if (outcome == DeclineOutcome.Withdrawn)
        {
            _removed.Add(contactId);
        }

        if (outcome != DeclineOutcome.NotOpen)
        {
            _board.Declined(item, clock.GetUtcNow());
            Contact(contactId).MarkWaiting().Ignore();
            Dispatch(_dispatcher.MatchLocal(clock.GetUtcNow()));
        }

        return Task.FromResult(new DeclineResult(outcome, outcome == DeclineOutcome.Withdrawn ? item : null));
    }

    public Task OfferRefused(Guid offerId, Guid contactId)
    {
        if (_dispatcher.Refused(offerId, contactId))
        {
            Contact(contactId).MarkWaiting().Ignore();
        }

        return Task.CompletedTask;
    }

    public Task ResponderStarted(string responderId)
    {
        foreach (var offer in _dispatcher.OffersTo(responderId))
        {
            _dispatcher.Refused(offer.OfferId, offer.ContactId);
            DispatcherLog.OfferWithdrawnAfterRestart(logger, RegionCode, offer.ContactId, responderId);
            // Should the new activation have received it after all, it lets it go.
            Responder(responderId).OfferRescinded(offer.OfferId, offer.ContactId, RescindReason.Disconnected).Ignore();
            Contact(offer.ContactId).MarkWaiting().Ignore();
        }

        Dispatch(_dispatcher.MatchLocal(clock.GetUtcNow()));
        return Task.CompletedTask;
    }

    public Task<ResponderAvailability[]> FindCandidates(ContactNeeds needs, string[] exclude) =>
        Task.FromResult(_dispatcher.FindCandidates(needs, exclude.ToHashSet(StringComparer.Ordinal)).ToArray());

    public Task<QueueStats> GetStats() => Task.FromResult(Stats());

    public Task<QueueStats> SetSurge(string[] responderIds, string? toRegion, Caller by) => _surge.SetAsync(responderIds, toRegion, by, clock.GetUtcNow());

    public Task<QueueStats> ClearSurge(Caller by) => _surge.ClearAsync(by, clock.GetUtcNow());

    public async IAsyncEnumerable<SupervisionEvent> Watch(SupervisionTopics topics, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var live = _board.Feed.Subscribe(topics, Stats(), _dispatcher.Responders.Values, _board.Standing(_dispatcher.Queue.InOrder, clock.GetUtcNow()));
        try
        {
            // A watcher that fell behind is sent the whole picture again instead of what it missed.
            Func<IReadOnlyList<SupervisionEvent>> picture = () => SupervisorFeed.Picture(topics, Stats(), _dispatcher.Responders.Values, _board.Standing(_dispatcher.Queue.InOrder, clock.GetUtcNow()));
            while (await live.WaitToReadAsync(cancellationToken))
            {
                while (live.TryRead(picture, out var e))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            _board.Feed.Unsubscribe(live);
        }
    }

    public Task RaiseAlert(CrisisAlert alert)
    {
        Alert(alert);
        return Task.CompletedTask;
    }

    public Task CountEscalatedIn()
    {
        _board.EscalatedIn(clock.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<Guid> Reassign(Guid contactId, ResponderAvailability chosen)
    {
        var (made, withdrawn) = _dispatcher.OfferToChosen(contactId, chosen, clock.GetUtcNow());
        if (withdrawn is not null)
        {
            Responder(withdrawn.ResponderId).OfferRescinded(withdrawn.OfferId, contactId, RescindReason.Reassigned).Ignore();
        }

        if (chosen.HomeRegion != RegionCode && _dispatcher.Queue.Find(contactId) is { } entry)
        {
            EscalatedOut(entry, chosen.HomeRegion);
        }

        Dispatch([made]);
        return Task.FromResult(made.OfferId);
    }

    public Task<bool> CallBack(WaitingContact contact, bool retry)
    {
        var (found, wasCallBack, withdrawn) = retry ? (false, true, null) : _dispatcher.ReplaceWaiting(contact);
        if (withdrawn is not null)
        {
            // Offered while the caller held: withdrawn, to be offered again as a call-back in turn.
            Responder(withdrawn.ResponderId).OfferRescinded(withdrawn.OfferId, contact.ContactId, RescindReason.Reassigned).Ignore();
        }

        _board.CallBack(found, wasCallBack, clock.GetUtcNow());
        if (retry)
        {
            // An attempt that did not reach the person: back at its arrival place.
            _removed.Forget(contact.ContactId);
            _dispatcher.Enqueue(contact);
        }

        Dispatch(_dispatcher.MatchLocal(clock.GetUtcNow()));
        return Task.FromResult(found || retry);
    }

    public Task CallBackUnreached() => Task.FromResult(_board.CallBackUnreached(clock.GetUtcNow()));

    public Task<bool> MoveOut(Guid contactId) => Task.FromResult(TakeOut(contactId, RescindReason.Reassigned) is not null);

    public Task MoveIn(WaitingContact contact)
    {
        _removed.Forget(contact.ContactId);
        if (_dispatcher.Enqueue(contact))
        {
            Dispatch(_dispatcher.MatchLocal(clock.GetUtcNow()));
        }

        return Task.CompletedTask;
    }

    public Task<bool> UpdateWaiting(WaitingContact contact)
    {
        var (found, withdrawn) = _dispatcher.UpdateWaiting(contact, clock.GetUtcNow());
        if (withdrawn is not null)
        {
            Responder(withdrawn.ResponderId).OfferRescinded(withdrawn.OfferId, contact.ContactId, RescindReason.Reassigned).Ignore();
            Contact(contact.ContactId).MarkWaiting().Ignore();
        }

        if (found)
        {
            Dispatch(_dispatcher.MatchLocal(clock.GetUtcNow()));
        }

        return Task.FromResult(found);
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        _dispatcher.Hours = hours.For(RegionCode);
        foreach (var offer in _dispatcher.ExpireOffers(now))
        {
            _board.Missed(offer, now);
            metrics.OfferMissed(RegionCode, offer);
            DispatcherLog.OfferMissed(logger, RegionCode, offer.ContactId, offer.ResponderId);
            Responder(offer.ResponderId).OfferMissed(offer).Ignore();
            Contact(offer.ContactId).MarkWaiting().Ignore();
        }

        Dispatch(_dispatcher.MatchLocal(now));
        await EscalateAsync(now);

        _board.Realerts(_dispatcher.Queue.InOrder, now).ForEach(Alert);
        if (_board.FlushDue())
        {
            _board.Feed.Flush(Stats(), _dispatcher.Responders);
        }

        await _days.SaveAsync(force: false);
    }

    private async Task EscalateAsync(DateTimeOffset now)
    {
        foreach (var (entry, level) in _dispatcher.DueForEscalation(now))
        {
            if (await _search.OfferBeyondAsync(entry, level, clock) is var (offer, toRegion))
            {
                DispatcherLog.Escalated(logger, RegionCode, offer.ContactId, level);
                EscalatedOut(entry, toRegion);
                Dispatch([offer]);
            }
        }
    }

    private void Dispatch(List<Offer> offers)
    {
        // Runs on every tick and after most queue changes, so the waiting figure is at most a tick old.
        metrics.SetWaiting(RegionCode, _dispatcher.Queue.Count);
        var now = clock.GetUtcNow();
        foreach (var offer in offers)
        {
            metrics.OfferMade(RegionCode, offer, _dispatcher.Queue.Find(offer.ContactId)?.Contact.EnqueuedAt, now);
            Responder(offer.ResponderId).ReceiveOffer(offer).Ignore();
            Contact(offer.ContactId).MarkOffered(offer.ResponderId, offer.Deadline).Ignore();
        }
    }

    /// <summary>Takes a contact out of the queue, withdrawing its open offer; null when it was not waiting.</summary>
    private QueueEntry? TakeOut(Guid contactId, RescindReason reason)
    {
        var entry = _dispatcher.Remove(contactId);
        if (entry is not null)
        {
            _removed.Add(contactId);
            if (entry.CurrentOffer is { } offer)
            {
                Responder(offer.ResponderId).OfferRescinded(offer.OfferId, contactId, reason).Ignore();
            }
        }

        return entry;
    }

    private void EscalatedOut(QueueEntry entry, string toRegion)
    {
        if (_board.EscalatedOut(entry, clock.GetUtcNow()))
        {
            GrainFactory.GetGrain<IDispatcherGrain>(toRegion).CountEscalatedIn().Ignore();
        }
    }

    private void Alert(CrisisAlert alert)
    {
        DispatcherLog.Alert(logger, RegionCode, alert.Reason, alert.CaseId);
        _board.Feed.Alert(alert);
    }

    private QueueStats Stats()
    {
        // Supervisors see a change of the hours at once, not at the next tick.
        _dispatcher.Hours = hours.For(RegionCode);
        return QueueStats.From(_dispatcher, clock.GetUtcNow(), _board.Day(clock.GetUtcNow()));
    }

    private IResponderRouting Responder(string responderId) => GrainFactory.GetGrain<IResponderRouting>(responderId);

    private IContactRouting Contact(Guid contactId) => GrainFactory.GetGrain<IContactRouting>(contactId);
}
