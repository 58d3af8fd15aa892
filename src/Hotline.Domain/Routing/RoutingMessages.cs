using System.Globalization;
using Hotline.Domain;

namespace Hotline.Routing;

/// <summary>
/// What a contact needs from whoever answers it. <paramref name="AnyLanguage"/>: its language was
/// dropped after a long wait (<see cref="RoutingOptions.LanguageRelaxation"/>), so any responder may take it.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.ContactNeeds")]
public sealed record ContactNeeds([Id(0)] Channel Channel, [Id(1)] string Language, [Id(2)] string[] Skills, [Id(3)] bool AnyLanguage = false);

/// <summary>A contact as the region queue keeps it durably while it waits.</summary>
[GenerateSerializer, Immutable, Alias("hotline.WaitingContact")]
public sealed record WaitingContact(
    [Id(0)] Guid ContactId,
    [Id(1)] Guid CaseId,
    [Id(2)] string Region,
    [Id(3)] ContactNeeds Needs,
    [Id(4)] Urgency Urgency,
    [Id(5)] DateTimeOffset EnqueuedAt,
    [Id(6)] string? PreferredResponderId,
    [Id(7)] WorkKind Kind = WorkKind.Contact,
    [Id(8)] string? RequiredResponderId = null,
    [Id(9)] Cases.SafeWindow? Window = null,
    [Id(10)] bool Held = false,
    [Id(12)] Contacts.CallBackTurn? CallBack = null)
{
    /// <summary>
    /// Whether it may be offered at <paramref name="now"/>: a case's work waits (keeping its
    /// place) while its safe window is closed or while it is held (see <see cref="Cases.SafeContact"/>).
    /// </summary>
    public bool MayBeOfferedAt(DateTimeOffset now, TimeZoneInfo zone) => Cases.SafeContact.MayOffer(Window, Held, now, zone);
}

/// <summary>Capacity and current load of one channel for a responder, and their wrap-up on it (no offer on the channel meanwhile).</summary>
[GenerateSerializer, Immutable, Alias("hotline.ChannelLoad")]
public sealed record ChannelLoad([Id(0)] Channel Channel, [Id(1)] int Capacity, [Id(2)] int Load, [Id(3)] WrapUp? WrapUp = null);

/// <summary>
/// A responder's routing-relevant state as their home dispatcher sees it. The responder
/// grain owns the truth and sends a new version whenever it changes; dispatchers treat it
/// as a hint and the responder grain has the last word on every offer.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.ResponderAvailability")]
public sealed record ResponderAvailability(
    [Id(0)] string ResponderId,
    [Id(1)] string HomeRegion,
    [Id(2)] string[] Languages,
    [Id(3)] string[] Skills,
    [Id(4)] ChannelLoad[] Channels,
    [Id(5)] Presence Presence,
    [Id(6)] bool Connected,
    [Id(7)] DateTimeOffset IdleSince,
    [Id(8)] Guid? PendingOfferContactId,
    [Id(9)] long Version,
    [Id(10)] string? DisplayName = null,
    [Id(11)] DateTimeOffset StatusSince = default,
    [Id(12)] int MissedToday = 0,
    [Id(13)] Responders.PresenceReason PresenceReason = Responders.PresenceReason.None)
{
    // Message bodies reach verbose runtime logs through ToString: leave the name out.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"ResponderId = {ResponderId}, HomeRegion = {HomeRegion}, Presence = {Presence}, Connected = {Connected}, Version = {Version}");
        return true;
    }

    /// <summary>True when the responder can take one more contact on <paramref name="channel"/>.</summary>
    public bool HasCapacity(Channel channel)
    {
        foreach (var c in Channels)
        {
            if (c.Channel == channel)
            {
                return c.Load < c.Capacity;
            }
        }

        return false;
    }

    /// <summary>True when the responder is in wrap-up on <paramref name="channel"/>: nothing is offered on it meanwhile.</summary>
    public bool InWrapUp(Channel channel)
    {
        foreach (var c in Channels)
        {
            if (c.Channel == channel)
            {
                return c.WrapUp is not null;
            }
        }

        return false;
    }

    /// <summary>True when the responder is in wrap-up on any channel.</summary>
    public bool InAnyWrapUp => Channels.Any(c => c.WrapUp is not null);

    /// <summary>Total contacts the responder is working now.</summary>
    public int TotalLoad => Channels.Sum(c => c.Load);
}

/// <summary>An offer the dispatcher decided to make.</summary>
[GenerateSerializer, Immutable, Alias("hotline.Offer")]
public sealed record Offer(
    [Id(0)] Guid OfferId,
    [Id(1)] Guid ContactId,
    [Id(2)] Guid CaseId,
    [Id(3)] string Region,
    [Id(4)] ContactNeeds Needs,
    [Id(5)] Urgency Urgency,
    [Id(6)] DateTimeOffset Deadline,
    [Id(7)] string ResponderId,
    [Id(8)] bool Escalated,
    [Id(9)] WorkKind Kind = WorkKind.Contact,
    [Id(12)] Contacts.CallBackTurn? CallBack = null);

/// <summary>What a decline did, and the item that left the queue when it was withdrawn.</summary>
[GenerateSerializer, Immutable, Alias("hotline.DeclineResult")]
public sealed record DeclineResult([Id(0)] DeclineOutcome Outcome, [Id(1)] WaitingContact? Withdrawn);
