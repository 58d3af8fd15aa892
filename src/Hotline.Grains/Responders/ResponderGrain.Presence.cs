using Hotline.Routing;
using Hotline.Supervision;
using Microsoft.Extensions.Logging;

namespace Hotline.Responders;

/// <summary>Where a responder stands for supervisors: the grace period after a dropped stream, time in status, missed offers today.</summary>
public sealed partial class ResponderGrain
{
    private DateTimeOffset? _graceUntil;
    private IGrainTimer? _graceTimer;
    private RosterStatus? _status;
    private DateTimeOffset _statusSince;
    private DateOnly _missedDay;
    private int _missed;
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
        if (_pendingOffer is null)
        {
            _offerTimer?.Dispose();
            _offerTimer = null;
            return;
        }

        if (clock.GetUtcNow() >= _pendingOffer.Deadline + LapseAfter)
        {
            await DropLapsedOfferAsync();
        }
    }

    /// <summary>An offer past its deadline that nobody withdrew: gone, without setting the responder away.</summary>
    private async Task DropLapsedOfferAsync()
    {
        if (_pendingOffer is not { } offer)
        {
            return;
        }

        _pendingOffer = null;
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
        var offer = _pendingOffer;
        if (offer is not null)
        {
            _pendingOffer = null;
            _feed.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferRescinded, clock.GetUtcNow(), Offer: offer, Reason: RescindReason.Disconnected));
        }

        LogDisconnected(logger, ResponderId);
        // Routing learns they are gone before the offer comes back, so it is not made to them again.
        await PublishAvailabilityAsync();
        if (offer is not null)
        {
            GrainFactory.GetGrain<Queues.IDispatcherGrain>(offer.Region).OfferRefused(offer.OfferId, offer.ContactId).Ignore();
        }
    }

    private void CountMissed(DateTimeOffset now)
    {
        var today = SupervisionOptions.DayOf(now, supervisionOptions.Value.Zone());
        if (today != _missedDay)
        {
            (_missedDay, _missed) = (today, 0);
        }

        _missed++;
    }

    private int MissedToday() =>
        _missed == 0 || SupervisionOptions.DayOf(clock.GetUtcNow(), supervisionOptions.Value.Zone()) != _missedDay ? 0 : _missed;

    [LoggerMessage(Level = LogLevel.Information, Message = "Responder {ResponderId} is disconnected: no stream open after the grace period")]
    private static partial void LogDisconnected(ILogger logger, string responderId);
}
