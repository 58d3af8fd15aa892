using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Supervision;

/// <summary>What a responder can do right now, as supervisors see it.</summary>
public enum RosterStatus
{
    /// <summary>Offline.</summary>
    Offline = 0,

    /// <summary>Available, connected and free.</summary>
    Available = 1,

    /// <summary>Available but working a contact or holding an offer.</summary>
    Busy = 2,

    /// <summary>On a break.</summary>
    Break = 3,

    /// <summary>Set away (a missed offer, or by a supervisor).</summary>
    Away = 4,

    /// <summary>Available but with no offer stream open (past the grace period).</summary>
    Disconnected = 5,

    /// <summary>Available, nothing in hand, and in wrap-up on a channel after a contact.</summary>
    WrapUp = 6,
}

/// <summary>Derives a responder's <see cref="RosterStatus"/>.</summary>
public static class Roster
{
    public static RosterStatus StatusOf(Presence presence, bool connected, int load, bool holdingOffer, bool inWrapUp = false) => presence switch
    {
        Presence.Available when !connected => RosterStatus.Disconnected,
        Presence.Available when load > 0 || holdingOffer => RosterStatus.Busy,
        Presence.Available when inWrapUp => RosterStatus.WrapUp,
        Presence.Available => RosterStatus.Available,
        Presence.Break => RosterStatus.Break,
        Presence.Away => RosterStatus.Away,
        _ => RosterStatus.Offline,
    };

    public static RosterStatus StatusOf(this ResponderAvailability r) =>
        StatusOf(r.Presence, r.Connected, r.TotalLoad, r.PendingOfferContactId is not null, r.InAnyWrapUp);
}
