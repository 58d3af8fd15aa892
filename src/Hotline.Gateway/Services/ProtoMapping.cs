using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using D = Hotline.Domain;
using P = Hotline.Api.V1;

namespace Hotline.Gateway.Services;

/// <summary>
/// Conversions shared by the services; proto types stop here and never reach grains. Enums are
/// mapped value by value: the two sides number them differently (proto's zero is UNSPECIFIED),
/// and a value added on one side only must fail loudly rather than shift into its neighbour.
/// Requests are validated before they are mapped, so a value that reaches a mapping without a
/// counterpart is a bug in the gateway, not bad input.
/// </summary>
internal static class ProtoMapping
{
    public static D.Channel ToDomain(this P.Channel channel) => channel switch
    {
        P.Channel.Voice => D.Channel.Voice,
        P.Channel.Sms => D.Channel.Sms,
        P.Channel.Chat => D.Channel.Chat,
        P.Channel.Messenger => D.Channel.Messenger,
        P.Channel.WalkIn => D.Channel.WalkIn,
        _ => throw Unexpected(channel),
    };

    public static P.Channel ToProto(this D.Channel channel) => channel switch
    {
        D.Channel.Voice => P.Channel.Voice,
        D.Channel.Sms => P.Channel.Sms,
        D.Channel.Chat => P.Channel.Chat,
        D.Channel.Messenger => P.Channel.Messenger,
        D.Channel.WalkIn => P.Channel.WalkIn,
        _ => throw Unexpected(channel),
    };

    public static D.Urgency ToDomain(this P.Urgency urgency) => urgency switch
    {
        P.Urgency.Low => D.Urgency.Low,
        P.Urgency.Normal => D.Urgency.Normal,
        P.Urgency.High => D.Urgency.High,
        P.Urgency.ImminentDanger => D.Urgency.ImminentDanger,
        _ => throw Unexpected(urgency),
    };

    public static P.Urgency ToProto(this D.Urgency urgency) => urgency switch
    {
        D.Urgency.Low => P.Urgency.Low,
        D.Urgency.Normal => P.Urgency.Normal,
        D.Urgency.High => P.Urgency.High,
        D.Urgency.ImminentDanger => P.Urgency.ImminentDanger,
        _ => throw Unexpected(urgency),
    };

    public static D.Presence ToDomain(this P.Presence presence) => presence switch
    {
        P.Presence.Available => D.Presence.Available,
        P.Presence.Break => D.Presence.Break,
        P.Presence.Away => D.Presence.Away,
        P.Presence.Offline => D.Presence.Offline,
        _ => throw Unexpected(presence),
    };

    public static P.Presence ToProto(this D.Presence presence) => presence switch
    {
        D.Presence.Available => P.Presence.Available,
        D.Presence.Break => P.Presence.Break,
        D.Presence.Away => P.Presence.Away,
        D.Presence.Offline => P.Presence.Offline,
        _ => throw Unexpected(presence),
    };

    public static Responders.PresenceReason ToDomain(this P.PresenceReason reason) => reason switch
    {
        P.PresenceReason.Unspecified => Responders.PresenceReason.None,
        P.PresenceReason.Break => Responders.PresenceReason.Break,
        P.PresenceReason.Meal => Responders.PresenceReason.Meal,
        P.PresenceReason.Training => Responders.PresenceReason.Training,
        P.PresenceReason.Admin => Responders.PresenceReason.Admin,
        P.PresenceReason.MissedOffers => Responders.PresenceReason.MissedOffers,
        _ => throw Unexpected(reason),
    };

    public static P.PresenceReason ToProto(this Responders.PresenceReason reason) => reason switch
    {
        Responders.PresenceReason.None => P.PresenceReason.Unspecified,
        Responders.PresenceReason.Break => P.PresenceReason.Break,
        Responders.PresenceReason.Meal => P.PresenceReason.Meal,
        Responders.PresenceReason.Training => P.PresenceReason.Training,
        Responders.PresenceReason.Admin => P.PresenceReason.Admin,
        Responders.PresenceReason.MissedOffers => P.PresenceReason.MissedOffers,
        _ => throw Unexpected(reason),
    };

    public static P.WrapUp ToProto(this Routing.WrapUp w) => new() { Channel = w.Channel.ToProto(), Since = w.Since.ToProto(), EndsAt = w.Until.ToProto() };

    public static P.ContactStatus ToProto(this D.ContactStatus status) => status switch
    {
        D.ContactStatus.Received => P.ContactStatus.Received,
        D.ContactStatus.Queued => P.ContactStatus.Queued,
        D.ContactStatus.Offered => P.ContactStatus.Offered,
        D.ContactStatus.Connected => P.ContactStatus.Connected,
        D.ContactStatus.Completed => P.ContactStatus.Completed,
        D.ContactStatus.Abandoned => P.ContactStatus.Abandoned,
        D.ContactStatus.Declined => P.ContactStatus.Declined,
        D.ContactStatus.Unreached => P.ContactStatus.Unreached,
        _ => throw Unexpected(status),
    };

    public static P.CallBackReason ToProto(this Contacts.CallBackReason reason) => reason switch
    {
        Contacts.CallBackReason.CallerAsked => P.CallBackReason.CallerAsked,
        Contacts.CallBackReason.OutOfHours => P.CallBackReason.OutOfHours,
        _ => throw Unexpected(reason),
    };

    /// <summary>A contact's call-back as the API shows it; null when it is none.</summary>
    public static P.CallBack? ToProto(this Contacts.CallBackRequest? request, int maxAttempts) => request is null ? null : new P.CallBack
    {
        Reason = request.Reason.ToProto(),
        RequestedAt = request.RequestedAt.ToProto(),
        FailedAttempts = request.Attempts,
        MaxAttempts = maxAttempts,
        NextAttemptAt = request.NextAttemptAt.ToProto(),
    };

    public static P.WorkKind ToProto(this D.WorkKind kind) => kind switch
    {
        D.WorkKind.Contact => P.WorkKind.Contact,
        D.WorkKind.FollowUp => P.WorkKind.FollowUp,
        D.WorkKind.Transfer => P.WorkKind.Transfer,
        _ => throw Unexpected(kind),
    };

    public static D.CaseStatus ToDomain(this P.CaseStatus status) => status switch
    {
        P.CaseStatus.New => D.CaseStatus.New,
        P.CaseStatus.Assigned => D.CaseStatus.Assigned,
        P.CaseStatus.InProgress => D.CaseStatus.InProgress,
        P.CaseStatus.Referred => D.CaseStatus.Referred,
        P.CaseStatus.Closed => D.CaseStatus.Closed,
        _ => throw Unexpected(status),
    };

    public static P.CaseStatus ToProto(this D.CaseStatus status) => status switch
    {
        D.CaseStatus.New => P.CaseStatus.New,
        D.CaseStatus.Assigned => P.CaseStatus.Assigned,
        D.CaseStatus.InProgress => P.CaseStatus.InProgress,
        D.CaseStatus.Referred => P.CaseStatus.Referred,
        D.CaseStatus.Closed => P.CaseStatus.Closed,
        _ => throw Unexpected(status),
    };

    public static Timestamp ToProto(this DateTimeOffset at) => Timestamp.FromDateTimeOffset(at);

    public static Timestamp? ToProto(this DateTimeOffset? at) => at is { } value ? Timestamp.FromDateTimeOffset(value) : null;

    /// <summary>The failure of a mapping that met a value it does not know: an internal error, never the caller's.</summary>
    public static ArgumentOutOfRangeException Unexpected<T>(T value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : struct, System.Enum =>
        new(name, value, $"{typeof(T).FullName} has no counterpart for {value}");
}
