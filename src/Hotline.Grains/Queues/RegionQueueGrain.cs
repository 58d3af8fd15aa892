using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Responders;
using Hotline.Routing;
using Hotline.Ports;
using Hotline.Supervision;
using Hotline.Telemetry;
using Hotline.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Queues;

/// <summary>
/// One region's dispatcher. Matching runs in <see cref="Dispatcher"/>; this grain adds
/// deadlines, recovery and the one-way messages that carry offers out. Its queue lives in
/// memory: every waiting contact is on disk in its own record before it arrives here, and
/// the queue is rebuilt from the open-contacts index on activation, so routing a contact
/// costs the dispatcher no write.
/// </summary>
[KeepAlive]
public sealed partial class RegionQueueGrain(
    [PersistentState("queue", StorageNames.Hotline)] IPersistentState<RegionQueueState> state,
    [FromKeyedServices(HotlineClock.ServiceKey)] TimeProvider clock,
    TimeProvider runtimeTime,
    IOptions<RoutingOptions> routingOptions,
    IOptions<SupervisionOptions> supervisionOptions,
    RegionTopology topology,
    IOpenContacts openContacts,
    HotlineMetrics metrics,
    ILogger<RegionQueueGrain> logger) : Grain, IRegionQueueGrain
{
    private const int RecentlyRemovedLimit = 10_000;
    private readonly HashSet<Guid> _recentlyRemoved = [];
    private readonly Queue<Guid> _recentlyRemovedOrder = new();
    private Dispatcher _dispatcher = null!;

    private string RegionCode => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!topology.RegionsByCode.ContainsKey(RegionCode))
        {
            throw new InvalidOperationException($"Region '{RegionCode}' is not in the topology.");
        }

        _dispatcher = new Dispatcher(RegionCode, routingOptions.Value);
        StartDay();
        var waiting = await openContacts.WaitingIn(RegionCode, cancellationToken);
        foreach (var contact in waiting)
        {
            _dispatcher.Enqueue(contact.ToWaiting());
        }

        // Responders tell us who they are and where they stand again.
        foreach (var responderId in state.State.Roster)
        {
            GrainFactory.GetGrain<IResponderGrain>(responderId).ResendAvailability().Ignore();
        }

        var tick = routingOptions.Value.TickInterval;
        this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(tick, tick) { Interleave = false, KeepAlive = true });
        LogActivated(logger, RegionCode, waiting.Count, state.State.Roster.Count);
    }

    public Task Wake() => Task.CompletedTask;

    public Task<bool> Enqueue(WaitingContact contact)
    {
        if (_recentlyRemoved.Contains(contact.ContactId) || !_dispatcher.Enqueue(contact))
        {
            return Task.FromResult(false);
        }

        Entered(contact);
        Dispatch(_dispatcher.MatchLocal(clock.GetUtcNow()));
        return Task.FromResult(true);
    }

    public Task<bool> Remove(Guid contactId)
    {
        var entry = _dispatcher.Remove(contactId);
        if (entry is null)
        {
            return Task.FromResult(false);
        }

        RememberRemoved(contactId);
        if (entry.CurrentOffer is { } offer)
        {
            GrainFactory.GetGrain<IResponderGrain>(offer.ResponderId).OfferRescinded(offer.OfferId, offer.ContactId, RescindReason.ContactEnded).Ignore();
        }

        if (entry.Contact.Kind == WorkKind.Contact)
        {
            Today().Abandoned++;
        }

        return Task.FromResult(true);
    }

    public async Task UpdateResponder(ResponderAvailability availability)
    {
        _dispatcher.UpdateResponder(availability);
        if (availability.HomeRegion != RegionCode)
        {
            _feed.Left(availability);
        }

        var onRoster = state.State.Roster.Contains(availability.ResponderId);
        var belongs = availability.HomeRegion == RegionCode;
        if (onRoster != belongs)
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
        RememberRemoved(contactId);
        metrics.OfferAccepted(RegionCode, contact, now - contact.EnqueuedAt);
        if (contact.Kind == WorkKind.Contact)
        {
            Today().CountAnswered(now - contact.EnqueuedAt, supervisionOptions.Value.ServiceLevelThreshold);
        }

        return Task.FromResult(contact);
    }

    public Task Return(WaitingContact contact)
    {
        ForgetRemoved(contact.ContactId);
        if (_dispatcher.Enqueue(contact))
        {
            GrainFactory.GetGrain<IContactGrain>(contact.ContactId).MarkWaiting().Ignore();
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
            RememberRemoved(contactId);
        }

        if (outcome != DeclineOutcome.NotOpen)
        {
            if (item?.Kind == WorkKind.Contact)
            {
                Today().Declined++;
            }

            GrainFactory.GetGrain<IContactGrain>(contactId).MarkWaiting().Ignore();
            Dispatch(_dispatcher.MatchLocal(clock.GetUtcNow()));
        }

        return Task.FromResult(new DeclineResult(outcome, outcome == DeclineOutcome.Withdrawn ? item : null));
    }

    public Task OfferRefused(Guid offerId, Guid contactId)
    {
        if (_dispatcher.Refused(offerId, contactId))
        {
            GrainFactory.GetGrain<IContactGrain>(contactId).MarkWaiting().Ignore();
        }

        return Task.CompletedTask;
    }

    public Task<ResponderAvailability[]> FindCandidates(ContactNeeds needs, string[] exclude) =>
        Task.FromResult(_dispatcher.FindCandidates(needs, exclude.ToHashSet(StringComparer.Ordinal)).ToArray());

    public Task<QueueStats> GetStats() => Task.FromResult(Stats());

    private async Task Tick(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var offer in _dispatcher.ExpireOffers(now))
        {
            if (offer.Kind == WorkKind.Contact)
            {
                Today().MissedOffers++;
            }

            metrics.OfferMissed(RegionCode, offer);
            LogOfferMissed(logger, RegionCode, offer.ContactId, offer.ResponderId);
            GrainFactory.GetGrain<IResponderGrain>(offer.ResponderId).OfferMissed(offer).Ignore();
            GrainFactory.GetGrain<IContactGrain>(offer.ContactId).MarkWaiting().Ignore();
        }

        Dispatch(_dispatcher.MatchLocal(now));
        await EscalateAsync(now);
        RealertCrises(now);
        FlushSupervisors();
        await SaveDayAsync();
    }

    private async Task EscalateAsync(DateTimeOffset now)
    {
        foreach (var (entry, level) in _dispatcher.DueForEscalation(now))
        {
            var regions = level == EscalationLevel.National
                ? topology.OtherRegions(RegionCode)
                : topology.RegionsByCode[RegionCode].Neighbours;
            var exclude = entry.DeclinedBy.ToArray();
            var found = (await Task.WhenAll(regions.Select(r => GrainFactory.GetGrain<IRegionQueueGrain>(r).FindCandidates(entry.Contact.Needs, exclude))))
                .SelectMany(f => f).ToList();
            if (_dispatcher.OfferToRemote(entry.Contact.ContactId, found, clock.GetUtcNow()) is { } offer)
            {
                LogEscalated(logger, RegionCode, offer.ContactId, level);
                CountEscalation(entry, found.First(r => r.ResponderId == offer.ResponderId).HomeRegion);
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
            GrainFactory.GetGrain<IResponderGrain>(offer.ResponderId).ReceiveOffer(offer).Ignore();
            GrainFactory.GetGrain<IContactGrain>(offer.ContactId).MarkOffered(offer.ResponderId, offer.Deadline).Ignore();
        }
    }

    private void RememberRemoved(Guid contactId)
    {
        if (_recentlyRemoved.Add(contactId))
        {
            _recentlyRemovedOrder.Enqueue(contactId);
            if (_recentlyRemovedOrder.Count > RecentlyRemovedLimit)
            {
                _recentlyRemoved.Remove(_recentlyRemovedOrder.Dequeue());
            }
        }
    }

    private void ForgetRemoved(Guid contactId) => _recentlyRemoved.Remove(contactId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dispatcher {Region} active with {Waiting} waiting contacts and {Roster} responders on its roster")]
    private static partial void LogActivated(ILogger logger, string region, int waiting, int roster);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dispatcher {Region}: offer of contact {ContactId} to responder {ResponderId} was missed")]
    private static partial void LogOfferMissed(ILogger logger, string region, Guid contactId, string responderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dispatcher {Region}: contact {ContactId} offered beyond the region ({Level})")]
    private static partial void LogEscalated(ILogger logger, string region, Guid contactId, EscalationLevel level);
}
