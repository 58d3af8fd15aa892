using System.Runtime.CompilerServices;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Responders;
using Hotline.Routing;
using Hotline.Supervision;
using Microsoft.Extensions.Logging;

namespace Hotline.Queues;

/// <summary>The dispatcher as supervisors see it: the day's counters, live streams, alerts and their actions.</summary>
public sealed partial class RegionQueueGrain
{
    private readonly SupervisorFeed _feed = new();
    private QueueDay _day = new();
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private bool _dayChanged;
    // Pushes and counter saves are paced on the runtime's clock (real time, as the grain timer
    // runs); everything about contacts is on the hotline's clock.
    private long _lastFlush;
    private long _lastSave;

    public async IAsyncEnumerable<SupervisionEvent> Watch(SupervisionTopics topics, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var live = _feed.Subscribe(topics, Stats(), _dispatcher.Responders.Values, StandingAlerts());
        try
        {
            while (await live.Reader.WaitToReadAsync(cancellationToken))
            {
                while (live.Reader.TryRead(out var e))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            _feed.Unsubscribe(live);
        }
    }

    public Task RaiseAlert(CrisisAlert alert)
    {
        LogAlert(logger, RegionCode, alert.Reason, alert.CaseId);
        _feed.Alert(alert);
        return Task.CompletedTask;
    }

    public Task CountEscalatedIn()
    {
        Today().EscalatedIn++;
        return Task.CompletedTask;
    }

    public Task<Guid> Reassign(Guid contactId, ResponderAvailability chosen)
    {
        var (made, withdrawn) = _dispatcher.OfferToChosen(contactId, chosen, clock.GetUtcNow());
        if (withdrawn is not null)
        {
            GrainFactory.GetGrain<IResponderGrain>(withdrawn.ResponderId).OfferRescinded(withdrawn.OfferId, contactId, RescindReason.Reassigned).Ignore();
        }

        if (chosen.HomeRegion != RegionCode && _dispatcher.Queue.Find(contactId) is { } entry)
        {
            CountEscalation(entry, chosen.HomeRegion);
        }

        Dispatch([made]);
        return Task.FromResult(made.OfferId);
    }

    public Task<bool> MoveOut(Guid contactId)
    {
        var entry = _dispatcher.Remove(contactId);
        if (entry is null)
        {
            return Task.FromResult(false);
        }

        RememberRemoved(contactId);
        if (entry.CurrentOffer is { } offer)
        {
            GrainFactory.GetGrain<IResponderGrain>(offer.ResponderId).OfferRescinded(offer.OfferId, contactId, RescindReason.Reassigned).Ignore();
        }

        return Task.FromResult(true);
    }

    public Task MoveIn(WaitingContact contact)
    {
        ForgetRemoved(contact.ContactId);
        if (_dispatcher.Enqueue(contact))
        {
            Dispatch(_dispatcher.MatchLocal(clock.GetUtcNow()));
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dayChanged)
        {
            await SaveDayAsync(force: true);
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private QueueStats Stats() => QueueStats.From(_dispatcher, clock.GetUtcNow(), Day());

    /// <summary>Restores today's counters saved before a restart.</summary>
    private void StartDay()
    {
        _zone = supervisionOptions.Value.Zone();
        _day = state.State.Today?.Copy() ?? new QueueDay();
        Day();
        _lastSave = _lastFlush = runtimeTime.GetTimestamp();
    }

    /// <summary>Today's counters (a new day starts at local midnight).</summary>
    private QueueDay Day()
    {
        _dayChanged |= _day.RollTo(SupervisionOptions.DayOf(clock.GetUtcNow(), _zone));
        return _day;
    }

    /// <summary>Today's counters, about to change.</summary>
    private QueueDay Today()
    {
        _dayChanged = true;
        return Day();
    }

    private void Entered(WaitingContact contact)
    {
        if (contact.Kind != WorkKind.Contact)
        {
            return;
        }

        var now = clock.GetUtcNow();
        Today().Entered++;
        if (contact.Urgency == Urgency.ImminentDanger)
        {
            _ = RaiseAlert(new CrisisAlert(RegionCode, AlertReason.Opened, contact.CaseId, contact.ContactId, contact.Needs.Channel, contact.EnqueuedAt, now));
        }
    }

    /// <summary>A contact of this region is first offered to a responder of <paramref name="toRegion"/>.</summary>
    private void CountEscalation(QueueEntry entry, string toRegion)
    {
        if (entry.EscalationCounted || entry.Contact.Kind != WorkKind.Contact)
        {
            return;
        }

        entry.EscalationCounted = true;
        Today().EscalatedOut++;
        GrainFactory.GetGrain<IRegionQueueGrain>(toRegion).CountEscalatedIn().Ignore();
    }

    /// <summary>Imminent-danger contacts still waiting after the configured time: one more alert each.</summary>
    private void RealertCrises(DateTimeOffset now)
    {
        var after = supervisionOptions.Value.CrisisRealertAfter;
        foreach (var entry in _dispatcher.Queue.InOrder)
        {
            var c = entry.Contact;
            if (c.Urgency != Urgency.ImminentDanger)
            {
                break;
            }

            if (!entry.Realerted && c.Kind == WorkKind.Contact && now - c.EnqueuedAt >= after)
            {
                entry.Realerted = true;
                _ = RaiseAlert(new CrisisAlert(RegionCode, AlertReason.NotConnectedInTime, c.CaseId, c.ContactId, c.Needs.Channel, c.EnqueuedAt, now));
            }
        }
    }

    /// <summary>The alerts that still stand: imminent-danger contacts waiting now, sent to a new watcher.</summary>
    private List<CrisisAlert> StandingAlerts()
    {
        var now = clock.GetUtcNow();
        var standing = new List<CrisisAlert>();
        foreach (var entry in _dispatcher.Queue.InOrder)
        {
            var c = entry.Contact;
            if (c.Urgency != Urgency.ImminentDanger)
            {
                break;
            }

            if (c.Kind == WorkKind.Contact)
            {
                var reason = entry.Realerted ? AlertReason.NotConnectedInTime : AlertReason.Opened;
                standing.Add(new CrisisAlert(RegionCode, reason, c.CaseId, c.ContactId, c.Needs.Channel, c.EnqueuedAt, now));
            }
        }

        return standing;
    }

    /// <summary>Pushes changed figures and roster entries, at most once per update interval.</summary>
    private void FlushSupervisors()
    {
        var now = runtimeTime.GetTimestamp();
        if (!_feed.HasSubscribers || runtimeTime.GetElapsedTime(_lastFlush, now) < supervisionOptions.Value.UpdateInterval)
        {
            return;
        }

        _lastFlush = now;
        _feed.Flush(Stats(), _dispatcher.Responders);
    }

    /// <summary>Saves the day's counters when they changed and the save interval has passed.</summary>
    private async Task SaveDayAsync(bool force = false)
    {
        var now = runtimeTime.GetTimestamp();
        if (!_dayChanged || (!force && runtimeTime.GetElapsedTime(_lastSave, now) < supervisionOptions.Value.CounterSaveInterval))
        {
            return;
        }

        _lastSave = now;
        state.State.Today = _day.Copy();
        try
        {
            await state.WriteStateAsync();
            _dayChanged = false;
        }
        catch (Exception exception)
        {
            // Counters only: the next interval tries again.
            LogCounterSaveFailed(logger, exception, RegionCode);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatcher {Region}: crisis alert ({Reason}) for case {CaseId}")]
    private static partial void LogAlert(ILogger logger, string region, AlertReason reason, Guid caseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatcher {Region}: saving the day's counters failed")]
    private static partial void LogCounterSaveFailed(ILogger logger, Exception exception, string region);
}
