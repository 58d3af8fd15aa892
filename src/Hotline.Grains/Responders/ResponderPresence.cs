using Hotline.Access;
using Hotline.Audit;
using Hotline.Domain;
using Hotline.Ports;

namespace Hotline.Responders;

/// <summary>
/// The only writer of a responder's presence apart from registering (offline) and disabling
/// (offline): the person or a supervisor setting it, and the missed-offer rule
/// (<see cref="PresenceRules"/>). Runs in the grain's turns. Accepts that fail, transfers,
/// streams dropping and coming back, and wrap-ups ending have no way to it.
/// </summary>
internal sealed class ResponderPresence(
    string responderId,
    IPersistentState<ResponderState> state,
    IAuditLog audit,
    TimeProvider clock,
    ResponderDesk desk,
    ResponderConnection line,
    ResponderOffers offers,
    Func<Task> publishAvailability)
{
    /// <summary>Sets presence by hand, recorded first in the home region's staff audit; leaving "available" hands back an open offer.</summary>
    public async Task SetAsync(Presence presence, PresenceReason reason, Caller by, Roles role)
    {
        var s = state.State;
        if (presence == s.Presence && reason == s.PresenceReason)
        {
            return;
        }

        var now = clock.GetUtcNow();
        await audit.AppendAsync(new RegionAuditEntry(s.HomeRegion, responderId, now, by.Subject, Caller.RoleName(role), AuditActions.PresenceSet(presence)));
        if (presence == Presence.Available && s.Presence != Presence.Available && desk.Assignments.Count == 0)
        {
            s.IdleSince = now;
        }

        (s.Presence, s.PresenceReason) = (presence, reason);
        await state.WriteStateAsync();
        line.Publish(seq => new ResponderEvent(seq, ResponderEventKind.PresenceChanged, now, Presence: presence, PresenceReason: reason));
        if (presence == Presence.Available)
        {
            await publishAvailability();
        }
        else
        {
            await offers.HandBackAsync(RescindReason.Declined);
        }
    }

    /// <summary>The documented missed-offer rule: someone available who lets an offer lapse is set away, with that reason.</summary>
    public async Task MissedOfferAsync(DateTimeOffset now)
    {
        var s = state.State;
        if (PresenceRules.AfterMissedOffer(s.Presence) is not var (presence, reason))
        {
            return;
        }

        await audit.AppendAsync(new RegionAuditEntry(s.HomeRegion, responderId, now, "hotline", Caller.RoleName(Roles.None), AuditActions.MarkedAwayAfterMissedOffer));
        (s.Presence, s.PresenceReason) = (presence, reason);
        await state.WriteStateAsync();
        line.Publish(seq => new ResponderEvent(seq, ResponderEventKind.PresenceChanged, now, Presence: presence, PresenceReason: reason));
    }
}
