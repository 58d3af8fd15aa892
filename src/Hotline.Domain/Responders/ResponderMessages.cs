using System.Globalization;
using System.Text;
using Hotline.Domain;
using Hotline.Routing;

namespace Hotline.Responders;

/// <summary>What a responder says about themselves when registering or updating.</summary>
[GenerateSerializer, Immutable, Alias("hotline.ResponderProfileInput")]
public sealed record ResponderProfileInput(
    [Id(0)] string? DisplayName,
    [Id(1)] string HomeRegion,
    [Id(2)] string[] Languages,
    [Id(3)] string[] Skills,
    [Id(4)] ChannelCapacity[] Capacity)
{
    // Message bodies reach verbose runtime logs through ToString: leave the name out.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"HomeRegion = {HomeRegion}, Languages = {Languages.Length}, Skills = {Skills.Length}");
        return true;
    }
}

/// <summary>How many contacts of one channel a responder takes at once.</summary>
[GenerateSerializer, Immutable, Alias("hotline.ChannelCapacity")]
public sealed record ChannelCapacity([Id(0)] Channel Channel, [Id(1)] int Capacity);

/// <summary>A contact a responder is working.</summary>
[GenerateSerializer, Immutable, Alias("hotline.Assignment")]
public sealed record Assignment([Id(0)] Guid ContactId, [Id(1)] Guid CaseId, [Id(2)] Channel Channel, [Id(3)] DateTimeOffset Since);

/// <summary>A responder as others see them.</summary>
[GenerateSerializer, Immutable, Alias("hotline.ResponderSnapshot")]
public sealed record ResponderSnapshot(
    [Id(0)] string ResponderId,
    [Id(1)] ResponderProfileInput Profile,
    [Id(2)] Presence Presence,
    [Id(3)] bool Connected,
    [Id(4)] Assignment[] Assignments,
    [Id(5)] Offer? PendingOffer,
    [Id(6)] DateTimeOffset IdleSince,
    [Id(7)] DateTimeOffset? DisabledAt = null,
    [Id(8)] PresenceReason PresenceReason = PresenceReason.None,
    [Id(9)] WrapUp[]? WrapUps = null);

/// <summary>Why an offer was taken back.</summary>
public enum RescindReason
{
    Declined = 0,
    Missed = 1,
    ContactEnded = 2,

    /// <summary>A supervisor gave the contact to someone else or moved it to another region.</summary>
    Reassigned = 3,

    /// <summary>The responder's stream stayed closed past the grace period.</summary>
    Disconnected = 4,
}

/// <summary>What appears on a responder's live stream.</summary>
public enum ResponderEventKind
{
    /// <summary>Where things stand: sent first on a fresh subscription or when a resume cannot be served.</summary>
    State = 0,
    OfferMade = 1,
    OfferRescinded = 2,
    Assigned = 3,
    AssignmentEnded = 4,
    PresenceChanged = 5,

    /// <summary>A contact ended and wrap-up started on its channel: no offer there until it ends.</summary>
    WrapUpStarted = 6,

    /// <summary>A wrap-up ended (by the responder, or at its limit); presence is as it was.</summary>
    WrapUpEnded = 7,
}

/// <summary>One event on a responder's stream, numbered so a reconnect can resume.</summary>
[GenerateSerializer, Immutable, Alias("hotline.ResponderEvent")]
public sealed record ResponderEvent(
    [Id(0)] long Sequence,
    [Id(1)] ResponderEventKind Kind,
    [Id(2)] DateTimeOffset At,
    [Id(3)] Offer? Offer = null,
    [Id(4)] Assignment? Assignment = null,
    [Id(5)] RescindReason? Reason = null,
    [Id(6)] Presence? Presence = null,
    [Id(7)] Assignment[]? Assignments = null,
    [Id(8)] bool OfferOpen = false,
    [Id(9)] PresenceReason? PresenceReason = null,
    [Id(10)] WrapUp? WrapUp = null,
    [Id(11)] WrapUp[]? WrapUps = null);
