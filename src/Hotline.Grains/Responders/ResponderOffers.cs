using Hotline.Access;
using Hotline.Contacts;
using Hotline.Domain;
using Hotline.Errors;
using Hotline.Queues;
using Hotline.Routing;
using Microsoft.Extensions.Logging;

namespace Hotline.Responders;

/// <summary>
/// A responder's offers, run in its grain's turns (it has the last word on whether it takes
/// one): holding an offer, accepting it with its dispatcher and contact, declining it, and
/// dropping one whose dispatcher went silent past the deadline.
/// </summary>
internal sealed class ResponderOffers(
    string responderId,
    IGrainBase grain,
    IGrainFactory grains,
    TimeProvider clock,
    ResponderDesk desk,
    ResponderConnection line,
    Func<ResponderAvailability> availability,
    Func<Task> publishAvailability,
    ILogger logger)
{
    /// <summary>Slack after an offer's deadline for its dispatcher to say it was missed, before the responder drops it alone.</summary>
    private static readonly TimeSpan LapseAfter = TimeSpan.FromSeconds(5);

    private IGrainTimer? _deadlineTimer;

    /// <summary>Holds the offer, or hands it straight back when it cannot be taken (<paramref name="open"/> false: not registered or disabled).</summary>
    public async Task ReceiveAsync(Offer offer, bool open)
    {
        var now = clock.GetUtcNow();
        if (!open || desk.PendingOffer is not null || offer.Deadline <= now
            || !Eligibility.IsEligible(availability(), offer.Needs, declinedBy: null))
        {
            ResponderLog.OfferRefused(logger, responderId, offer.ContactId);
            Refuse(offer);
            return;
        }

        desk.Hold(offer);
        line.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferMade, now, Offer: offer));
        _deadlineTimer ??= grain.RegisterGrainTimer(CheckDeadlineAsync, new GrainTimerCreationOptions(LapseAfter, LapseAfter) { Interleave = false });
        await publishAvailability();
    }

    /// <summary>Takes the open offer: the dispatcher confirms, then the contact's record says connected (the durable step).</summary>
    public async Task<(Assignment Assignment, WorkKind Kind)> AcceptAsync(Guid contactId, Caller by)
    {
        var now = clock.GetUtcNow();
        var offer = desk.OpenOffer(contactId);
        if (offer.Deadline <= now)
        {
            await DropLapsedAsync();
            throw new FailedPreconditionException("ContactId", "the offer expired");
        }

        var queue = grains.GetGrain<IDispatcherGrain>(offer.Region);
        if (!availability().HasCapacity(offer.Needs.Channel))
        {
            // The profile changed while the offer was open: hand it back rather than overfill.
            desk.Release(offer.OfferId);
            queue.OfferRefused(offer.OfferId, contactId).Ignore();
            await publishAvailability();
            throw new FailedPreconditionException("ContactId", "no capacity left on this channel");
        }

        WaitingContact contact;
        try
        {
            contact = await queue.ConfirmAccept(offer.OfferId, contactId, responderId);
        }
        finally
        {
            desk.Release(offer.OfferId);
        }

        try
        {
            await grains.GetGrain<IContactRouting>(contactId).Connect(responderId, by);
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

            throw;
        }

        return (new Assignment(contactId, contact.CaseId, contact.Needs.Channel, now), contact.Kind);
    }

    /// <summary>Declines the open offer; a transfer meant for this responder alone ends as declined, on disk.</summary>
    public async Task DeclineAsync(Guid contactId, Caller by)
    {
        var offer = desk.OpenOffer(contactId);
        desk.Release(offer.OfferId);
        line.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferRescinded, clock.GetUtcNow(), Offer: offer, Reason: RescindReason.Declined));
        var queue = grains.GetGrain<IDispatcherGrain>(offer.Region);
        var result = await queue.Decline(offer.OfferId, contactId, responderId);
        if (result is { Outcome: DeclineOutcome.Withdrawn, Withdrawn: { } transfer })
        {
            // If that write fails it waits again (and is offered again), rather than hang out of every queue.
            try
            {
                await grains.GetGrain<IContactRouting>(contactId).DeclineTransfer(responderId, by);
            }
            catch
            {
                await queue.Return(transfer);
                throw;
            }
        }
    }

    /// <summary>
    /// Hands the open offer back, if any, without counting a decline (someone going on break,
    /// disconnecting or disabled cannot take it); routing hears of the new availability first,
    /// so it is not made to them again.
    /// </summary>
    public async Task HandBackAsync(RescindReason reason)
    {
        if (desk.ReleaseAny() is not { } offer)
        {
            await publishAvailability();
            return;
        }

        line.Publish(seq => new ResponderEvent(seq, ResponderEventKind.OfferRescinded, clock.GetUtcNow(), Offer: offer, Reason: reason));
        await publishAvailability();
        Refuse(offer);
    }

    /// <summary>
    /// The dispatcher that made the offer normally withdraws it at its deadline. If that
    /// dispatcher's silo died, the one that replaces it knows nothing of the offer: the responder
    /// then drops it alone a little after the deadline, so they are offered work again.
    /// </summary>
    private async Task CheckDeadlineAsync(CancellationToken cancellationToken)
    {
        if (desk.PendingOffer is null)
        {
            _deadlineTimer?.Dispose();
            _deadlineTimer = null;
            return;
        }

        if (clock.GetUtcNow() >= desk.PendingOffer.Deadline + LapseAfter)
        {
            await DropLapsedAsync();
        }
    }

    /// <summary>An offer past its deadline that nobody withdrew: gone, without setting the responder away.</summary>
    private Task DropLapsedAsync() => desk.PendingOffer is null ? Task.CompletedTask : HandBackAsync(RescindReason.Missed);

    private void Refuse(Offer offer) => grains.GetGrain<IDispatcherGrain>(offer.Region).OfferRefused(offer.OfferId, offer.ContactId).Ignore();

    private async Task<bool> StillWaitingAsync(Guid contactId)
    {
        try
        {
            var now = await grains.GetGrain<IContactRouting>(contactId).Get();
            return now?.Status is ContactStatus.Queued or ContactStatus.Offered;
        }
        catch (Exception)
        {
            // Cannot tell: waiting twice is recoverable, lost is not.
            return true;
        }
    }
}
